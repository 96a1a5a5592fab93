using Assistant.Land.AdminUnits;
using Assistant.Land.Calendar;
using Assistant.Land.Freshness;
using Assistant.Land.Priority;
using Assistant.Land.Procedures;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Assistant.Land;

public static class LandServiceCollectionExtensions
{
    /// <summary>
    /// Registers the land domain, one singleton per catalogue: <see cref="ProcedureCatalog"/>, <see cref="ProcedureMatcher"/>,
    /// <see cref="AdminUnitRegistry"/>, <see cref="WorkingCalendar"/>, <see cref="PriorityProjectRegistry"/>. Each data set's
    /// folder is an option ("Land:Procedures:Path", "Land:AdminUnits:Path", "Land:Calendar:Path",
    /// "Land:PriorityProjects:Path"), checked on start; left empty, it is the data/ folder copied beside the program.
    /// "Land:Freshness:DataPath" names the data folder whose review dates the host reports on start (same default).
    /// Catalogues load on first use. Calling it again adds nothing.
    /// </summary>
    public static IServiceCollection AddLandDomain(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(LandDomainRegistered)))
            return services;
        services.AddSingleton<LandDomainRegistered>();

        AddDataSet<ProcedureDataOptions>(services, configuration, ProcedureDataOptions.Section);
        AddDataSet<AdminUnitDataOptions>(services, configuration, AdminUnitDataOptions.Section);
        AddDataSet<CalendarDataOptions>(services, configuration, CalendarDataOptions.Section);
        AddDataSet<PriorityProjectDataOptions>(services, configuration, PriorityProjectDataOptions.Section);
        // The folder whose asOf/reviewBy the host reports on start (not validated: a missing folder only skips the report).
        services.AddOptions<DataFreshnessOptions>()
            .Bind(configuration.GetSection(DataFreshnessOptions.Section))
            .PostConfigure(o =>
            {
                if (string.IsNullOrWhiteSpace(o.DataPath))
                    o.DataPath = Path.Combine(AppContext.BaseDirectory, "data");
            });

        services.AddSingleton(sp => ProcedureCatalog.Load(Folder<ProcedureDataOptions>(sp)));
        services.AddSingleton(sp => new ProcedureMatcher(sp.GetRequiredService<ProcedureCatalog>()));
        // The admin-units rework changes how the registry is built from its folder: this one line is where it plugs in.
        services.AddSingleton(sp => AdminUnitRegistry.Load(Folder<AdminUnitDataOptions>(sp)));
        services.AddSingleton(sp => WorkingCalendar.Load(sp.GetRequiredService<IOptions<CalendarDataOptions>>().Value.FilePath));
        services.AddSingleton(sp => PriorityProjectRegistry.Load(sp.GetRequiredService<IOptions<PriorityProjectDataOptions>>().Value.FilePath));
        return services;
    }

    private static void AddDataSet<TOptions>(IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : LandDataSetOptions
    {
        services.AddOptions<TOptions>()
            .Bind(configuration.GetSection(section))
            .PostConfigure(o =>
            {
                if (string.IsNullOrWhiteSpace(o.Path))
                    o.Path = Path.Combine(AppContext.BaseDirectory, "data", o.BundledFolder);
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<TOptions>>(new LandDataSetValidator<TOptions>(section));
    }

    private static string Folder<TOptions>(IServiceProvider services) where TOptions : LandDataSetOptions =>
        services.GetRequiredService<IOptions<TOptions>>().Value.Path;

    /// <summary>Marks the land domain as registered (conversation and host both ask for it).</summary>
    private sealed class LandDomainRegistered;
}
