using Assistant.Triage;
using Assistant.Land.AdminUnits;
using Assistant.Land.Procedures;
using Assistant.Land.Calendar;
using Assistant.Triage.Classification;
using Assistant.Triage.Documents;
using Assistant.Land.Priority;
using Assistant.Triage.Routing;
using Assistant.Triage.Storage;
using Assistant.Triage.Protection;
using Assistant.Triage.Priority;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Assistant.Triage;

public static class TriageServiceCollectionExtensions
{
    /// <summary>
    /// Registers dossier triage (section "Triage"): the classifier (loaded once from Triage:ModelPath, or trained once from
    /// Triage:TrainingPath when no model file exists), papers, router, the SQLite store and <see cref="TriageService"/>.
    /// The land catalogues (procedures, units, calendar, priority projects) come from AddLandDomain, which the host calls.
    /// The chat command "phân loại hồ sơ: …" is wired by the host.
    /// </summary>
    public static IServiceCollection AddAssistantTriage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<TriageOptions>().Bind(configuration.GetSection(TriageOptions.Section))
            .PostConfigure(o =>
            {
                var bundled = Path.Combine(AppContext.BaseDirectory, "data", "triage");
                if (string.IsNullOrWhiteSpace(o.ModelPath)) o.ModelPath = Path.Combine(bundled, "model", "triage-model.zip");
                if (string.IsNullOrWhiteSpace(o.TrainingPath)) o.TrainingPath = Path.Combine(bundled, TrainingData.FileName);
                if (string.IsNullOrWhiteSpace(o.PapersPath)) o.PapersPath = bundled;
                if (string.IsNullOrWhiteSpace(o.PriorityProjectsDatabasePath))
                    o.PriorityProjectsDatabasePath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(o.DatabasePath))!, "priority-projects.db");
            })
            .Validate(o => o.ReviewThreshold is >= 0 and <= 1, "Triage:ReviewThreshold phải trong [0, 1].")
            .Validate(o => o.RuleWeight is >= 0 and <= 1, "Triage:RuleWeight phải trong [0, 1].");
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => DocumentChecker.Load(sp.GetRequiredService<IOptions<TriageOptions>>().Value.PapersPath));
        services.AddSingleton(sp => new DossierRouter(sp.GetRequiredService<AdminUnitRegistry>()));
        AddDossierProtection(services, configuration);
        services.AddSingleton(sp => new TriageStore(sp.GetRequiredService<IOptions<TriageOptions>>().Value.DatabasePath, sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IDossierProtector>()));
        // Seeded from the bundled file (AddLandDomain's PriorityProjectRegistry) when its file is new.
        services.AddSingleton(sp => new PriorityProjectStore(sp.GetRequiredService<IOptions<TriageOptions>>().Value.PriorityProjectsDatabasePath,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<AdminUnitRegistry>(), sp.GetRequiredService<PriorityProjectRegistry>()));
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<TriageOptions>>().Value;
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("Assistant.Triage");
            var time = sp.GetRequiredService<TimeProvider>();
            return new Lazy<ProcedureClassifier>(() => LoadOrTrain(options, time, logger), LazyThreadSafetyMode.ExecutionAndPublication);
        });
        services.AddSingleton(sp => new TriageService(
            sp.GetRequiredService<ProcedureCatalog>(), sp.GetRequiredService<ProcedureMatcher>(), sp.GetRequiredService<Lazy<ProcedureClassifier>>(),
            sp.GetRequiredService<DocumentChecker>(), sp.GetRequiredService<WorkingCalendar>(), sp.GetRequiredService<DossierRouter>(),
            sp.GetRequiredService<PriorityProjectStore>(), sp.GetRequiredService<TriageStore>(),
            sp.GetRequiredService<IOptions<TriageOptions>>().Value, sp.GetRequiredService<TimeProvider>()));

        services.AddHostedService<TriageWarmUp>();
        // The queue-depth gauge: made when the host starts, read by whoever collects metrics.
        services.TryAddSingleton(sp => new Assistant.Triage.Telemetry.TriageQueueMetrics(
            sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), sp.GetRequiredService<TriageStore>()));
        services.AddHostedService<Assistant.Triage.Telemetry.TriageQueueMetricsStarter>();

        return services;
    }

    /// <summary>
    /// ASP.NET Core Data Protection with its key ring in DataProtection:KeysPath (a folder, never the database), and the
    /// dossier protector over it. The host's other users of Data Protection (cookies, anti-forgery) share the key ring.
    /// </summary>
    private static void AddDossierProtection(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DossierProtectionOptions>().Bind(configuration.GetSection(DossierProtectionOptions.Section))
            .Validate(o => !string.IsNullOrWhiteSpace(o.KeysPath), "DataProtection:KeysPath không được để trống.");
        services.AddDataProtection().SetApplicationName(DataProtectionDossierProtector.ApplicationName);
        // The folder is read from options when the key manager is built, so a test's or an operator's setting applies.
        services.AddOptions<KeyManagementOptions>().Configure<IOptions<DossierProtectionOptions>, ILoggerFactory>((keys, protection, logs) =>
            keys.XmlRepository = new FileSystemXmlRepository(Directory.CreateDirectory(Path.GetFullPath(protection.Value.KeysPath)), logs));
        services.TryAddSingleton<IDossierProtector>(sp => new DataProtectionDossierProtector(
            sp.GetRequiredService<IDataProtectionProvider>(), Path.GetFullPath(sp.GetRequiredService<IOptions<DossierProtectionOptions>>().Value.KeysPath)));
    }

    private static ProcedureClassifier LoadOrTrain(TriageOptions options, TimeProvider time, ILogger logger)
    {
        if (File.Exists(options.ModelPath) && File.Exists(ProcedureClassifier.MetaPath(options.ModelPath)))
        {
            var loaded = ProcedureClassifier.Load(options.ModelPath);
            logger.LogInformation("Triage model {Version} loaded from {Path}", loaded.Version, options.ModelPath);
            return loaded;
        }
        var examples = TrainingData.Load(options.TrainingPath);
        var trained = ProcedureClassifier.Train(examples);
        logger.LogInformation("Triage model {Version} trained from {Path} ({Count} examples)", trained.Version, options.TrainingPath, examples.Count);
        if (options.SaveTrainedModel) trained.Save(options.ModelPath, time.GetUtcNow());
        return trained;
    }
}
