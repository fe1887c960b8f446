using System.Globalization;
using TraceRegress.Engine;
using TraceRegress.Engine.Detectors;

namespace TraceRegress;

/// <summary>
/// The default attribution engine: deterministic rules over span content, offline. It runs every detector,
/// orders the findings causally over the trace (children before parents, earlier siblings first, tool calls
/// and data flowing forward), finds the failure observed last, and cites the earliest finding that leads to it:
/// the origin, not the span where the error surfaced. A trace is a failure: when nothing says "error", the engine still
/// cites the most probable origin (where the final answer's content entered the run) with a low confidence, unless the
/// request marks the run as passing.
/// </summary>
/// <remarks>
/// To change the engine for a whole test project, call <see cref="Configure(Action{AttributionOptions})"/> or
/// <see cref="Configure(IAttributionEngine)"/> once before the tests run (for example from a
/// <c>[ModuleInitializer]</c>); the test adapters attribute through <see cref="Current"/>.
/// </remarks>
public sealed class AttributionEngine : IAttributionEngine
{
    private readonly AttributionOptions _options;
    private readonly IDetector[] _detectors;
    private readonly Dictionary<string, (int Priority, DetectorStanding Standing)> _declared = new(StringComparer.Ordinal);

    /// <summary>Creates an engine with the default options.</summary>
    public AttributionEngine()
        : this(new AttributionOptions())
    {
    }

    /// <summary>Creates an engine with the given options (copied: later changes to them do not affect the engine).</summary>
    public AttributionEngine(AttributionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Clone();
        _detectors = BuiltInDetectors().Concat(_options.Detectors)
            .Where(d => !_options.DisabledDetectors.Contains(d.Id))
            .ToArray();
        foreach (var detector in _detectors) _declared.TryAdd(detector.Id, (detector.Priority, detector.Standing));
    }

    /// <summary>An engine with the default options.</summary>
    public static AttributionEngine Default { get; } = new();

    /// <summary>The engine the test adapters use (<see cref="AttributionSettings.Engine"/>): <see cref="Default"/> unless configured.</summary>
    public static IAttributionEngine Current => AttributionSettings.Engine;

    /// <summary>Replaces the engine used through <see cref="Current"/> and <see cref="AttributionSettings.Engine"/>, for example with your own <see cref="IAttributionEngine"/>.</summary>
    public static void Configure(IAttributionEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        AttributionSettings.Engine = engine;
    }

    /// <summary>Makes <see cref="Current"/> an engine with options adjusted by <paramref name="configure"/> (budgets, context windows, detectors, taxonomy).</summary>
    public static void Configure(Action<AttributionOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new AttributionOptions();
        configure(options);
        Configure(new AttributionEngine(options));
    }

    /// <summary>Makes <see cref="Current"/> the <see cref="Default"/> engine again.</summary>
    public static void ResetConfiguration() => AttributionSettings.Reset();

    /// <summary>The built-in detectors, in a fixed order.</summary>
    public static IReadOnlyList<IDetector> BuiltInDetectors() =>
    [
        new HttpStatusDetector(),
        new GrpcStatusDetector(),
        new ExceptionDetector(),
        new EnvironmentSetupDetector(),
        new TimeoutDetector(),
        new ToolErrorPayloadDetector(),
        new SignInPageDetector(),
        new NoAccessDetector(),
        new ContextWindowDetector(),
        new OutputTokenLimitDetector(),
        new MalformedToolArgumentsDetector(),
        new UndeclaredToolDetector(),
        new WrongToolDetector(),
        new ExcludedScopeDetector(),
        new PassedOverToolDetector(),
        new UnaskedActionDetector(),
        new ScopeArgumentDetector(),
        new HeadCountDetector(),
        new RequestedUnitDetector(),
        new RecordUnitDetector(),
        new OtherPartyValueDetector(),
        new UnmetRequirementDetector(),
        new SupersededRecordDetector(),
        new SiblingEntityDetector(),
        new ContradictedClaimDetector(),
        new MonthFirstParseDetector(),
        new PassedOverRowDetector(),
        new DroppedFilterDetector(),
        new MissingParameterDetector(),
        new ReplacedUserValueDetector(),
        new ChangedCountDetector(),
        new UserHoldDetector(),
        new UnconfirmedActionDetector(),
        new TwelveHourTimeDetector(),
        new SwappedDateDetector(),
        new MisnamedFieldDetector(),
        new AlreadyDoneDetector(),
        new TemplateLineDetector(),
        new UnconvertedUnitDetector(),
        new RequestedAmountDetector(),
        new OutstandingBalanceDetector(),
        new InventedWaiverDetector(),
        new AssumedPeriodDetector(),
        new YearWindowDetector(),
        new WrongFileDetector(),
        new MissedFieldDetector(),
        new InstructionLimitDetector(),
        new ExcludedRecordDetector(),
        new ExtremePickDetector(),
        new StepOrderDetector(),
        new EarlyConfirmationDetector(),
        new PaidAgainDetector(),
        new CheckAfterActionDetector(),
        new MixedCurrencySumDetector(),
        new UtcReadAsLocalDetector(),
        new RequiredCallSkippedDetector(),
        new WrongLinkDetector(),
        new RedefinedPeriodDetector(),
        new WrongOffsetDetector(),
        new ForbiddenActionDetector(),
        new RateBasisDetector(),
        new UnsearchedSourceDetector(),
        new PreconditionOrderDetector(),
        new MemoryOverEvidenceDetector(),
        new DroppedCountRuleDetector(),
        new CodedCategoryDetector(),
        new SupersededFileDetector(),
        new CrossedRecordDetector(),
        new DeclaredUnitDetector(),
        new SubstringFilterDetector(),
        new ExactFilterDetector(),
        new MisdeclaredFormatDetector(),
        new CloserSentenceDetector(),
        new TokenScopeDetector(),
        new MistypedArgumentDetector(),
        new AssumedUnitDetector(),
        new InvertedConversionDetector(),
        new OffScopeDocumentsDetector(),
        new PendingResultDetector(),
        new IncomingStockDetector(),
        new UnsupportedFeatureDetector(),
        new AvailableAmountDetector(),
        new TakenForFreeDetector(),
        new MisreadStatusDetector(),
        new SiblingKeyDetector(),
        new StrictBoundaryDetector(),
        new LocalizedNotConvertedDetector(),
        new DroppedOffsetDetector(),
        new ParallelDependencyDetector(),
        new ExcludedItemDetector(),
        new MergeGrewRowsDetector(),
        new SupersededValueDetector(),
        new UnavailableDatesDetector(),
        new RetractedValueDetector(),
        new GrowthBaseDetector(),
        new OtherPlaceDetector(),
        new MinorUnitsDetector(),
        new WrongFactorDetector(),
        new WrongEditionDetector(),
        new WaivedCheckDetector(),
        new OverruledResultDetector(),
        new SiblingColumnDetector(),
        new ExtremeColumnDetector(),
        new PlanConditionDetector(),
        new SupersededFigureDetector(),
        new OtherCountDetector(),
        new UnknownValueDetector(),
        new LapsedCoverDetector(),
        new ChangedChoiceDetector(),
        new InventedPolicyDetector(),
        new NarrowedChoiceDetector(),
        new CrossedUnitDetector(),
        new RedefinedMeasureDetector(),
        new NamedRecordDetector(),
        new AgreedRecordDetector(),
        new UnappliedChangeDetector(),
        new UncheckedItemDetector(),
        new UnverifiedDisclosureDetector(),
        new DefaultedFieldDetector(),
        new FactsOnlyDetector(),
        new UnaskedChangeDetector(),
        new UnaddressedRequestDetector(),
        new PercentagePointsDetector(),
        new OlderResultDetector(),
        new MisroutedIntentDetector(),
        new ArgumentFormatDetector(),
        new ExclusiveRangeDetector(),
        new PartialPageDetector(),
        new RepeatedToolCallDetector(),
        new ErrorIgnoredDetector(),
        new NegativeResultIgnoredDetector(),
        new OutputFormatDetector(),
        new UnsupportedFactDetector(),
        new CodeExecutionErrorDetector(),
        new OrchestratorProgressDetector(),
        new WorkerInabilityDetector(),
        new RepeatedAgentActionDetector(),
        new DroppedConstraintDetector(),
        new DroppedQualifierDetector(),
        new AssumedDataDetector(),
        new SkippedStepDetector(),
        new MisreadExtremeDetector(),
        new MisreadCellDetector(),
        new OptionAgainstTaskDetector(),
        new ContextLostDetector(),
        new StaleSourceDetector(),
        new StaleValueDetector(),
        new WiderScopeDetector(),
        new CancelBeforeReplacementDetector(),
        new CancelledItemDetector(),
    ];

    /// <summary>The detectors this engine runs, built-in first.</summary>
    public IReadOnlyList<IDetector> Detectors => _detectors;

    /// <summary>
    /// Every finding of every detector, in causal order (duplicates on one span and category merged: the surer
    /// finding is kept, then the one of the detector with the lower <see cref="IDetector.Priority"/>).
    /// </summary>
    public IReadOnlyList<Finding> Detect(AgentTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var context = CreateContext(trace);
        return RootCause.Order(context, Run(context)).Select(f => f.Finding).ToArray();
    }

    /// <inheritdoc />
    public Attribution Attribute(AgentTrace trace) => Attribute(trace, AttributionRequest.None);

    /// <inheritdoc />
    public Attribution Attribute(AgentTrace trace, AttributionRequest request)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(request);
        var context = CreateContext(trace, request);
        return RootCause.Select(context, Run(context));
    }

    internal DetectionContext CreateContext(AgentTrace trace, AttributionRequest? request = null) => new(trace, _options, _declared, request);

    private List<Finding> Run(DetectionContext context)
    {
        var findings = new List<Finding>();
        foreach (var detector in _detectors)
        {
            try
            {
                findings.AddRange(detector.Detect(context));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"detector '{detector.Id}' failed on trace {context.Trace.TraceId}: {e.Message}"), e);
            }
        }

        return findings;
    }
}
