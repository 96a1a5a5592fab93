using Assistant.Land.AdminUnits;
using Assistant.Land.Calendar;
using Assistant.Land.Priority;
using Assistant.Land.Procedures;
using Assistant.Land.Tests.Procedures;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Assistant.Land.Tests;

/// <summary>AddLandDomain: data folders as options (default: data/ beside the binaries), checked, one registration per catalogue.</summary>
public sealed class LandDomainRegistrationTests
{
    private static ServiceProvider Build(IDictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        return new ServiceCollection().AddLandDomain(configuration).BuildServiceProvider();
    }

    [Fact]
    public void Default_directory_is_data_procedures_under_the_binaries()
    {
        using var services = Build();
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "data", "procedures"), services.GetRequiredService<IOptions<ProcedureDataOptions>>().Value.Path);
        Assert.Equal(31, services.GetRequiredService<ProcedureCatalog>().Count);
    }

    [Fact]
    public void Every_catalogue_loads_from_the_folders_named_in_configuration()
    {
        var data = Path.Combine(ProcedureTestData.RepoRoot, "data");
        using var services = Build(new Dictionary<string, string?>
        {
            ["Land:Procedures:Path"] = Path.Combine(data, "procedures"),
            ["Land:AdminUnits:Path"] = Path.Combine(data, "admin-units"),
            ["Land:Calendar:Path"] = Path.Combine(data, "calendar"),
            ["Land:PriorityProjects:Path"] = Path.Combine(data, "priority-projects"),
        });
        Assert.Equal(Path.Combine(data, "calendar", WorkingCalendar.FileName), services.GetRequiredService<IOptions<CalendarDataOptions>>().Value.FilePath);
        Assert.Equal(ProcedureCatalog.ExpectedCount, services.GetRequiredService<ProcedureCatalog>().Count);
        Assert.Same(services.GetRequiredService<ProcedureCatalog>(), services.GetRequiredService<ProcedureCatalog>());
        Assert.NotNull(services.GetRequiredService<ProcedureMatcher>());
        Assert.Equal(126, services.GetRequiredService<AdminUnitRegistry>().NewUnits.Count);
        Assert.True(services.GetRequiredService<WorkingCalendar>().HasDecision(2026));
        Assert.NotEmpty(services.GetRequiredService<PriorityProjectRegistry>().Projects);
    }

    [Fact]
    public void Calling_it_twice_registers_each_catalogue_once()
    {
        var configuration = new ConfigurationBuilder().Build();
        var services = new ServiceCollection().AddLandDomain(configuration).AddLandDomain(configuration);
        foreach (var type in new[] { typeof(ProcedureCatalog), typeof(ProcedureMatcher), typeof(AdminUnitRegistry), typeof(WorkingCalendar), typeof(PriorityProjectRegistry) })
            Assert.Single(services, d => d.ServiceType == type);
    }

    [Fact]
    public void A_missing_folder_or_file_is_named_in_Vietnamese()
    {
        var missing = Path.Combine(Path.GetTempPath(), "khong-co-thu-muc-" + Guid.NewGuid().ToString("N"));
        using (var services = Build(new Dictionary<string, string?> { ["Land:Procedures:Path"] = missing }))
        {
            var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ProcedureDataOptions>>().Value);
            Assert.Contains("Land:Procedures:Path", error.Message, StringComparison.Ordinal);
            Assert.Contains("không tìm thấy thư mục", error.Message, StringComparison.Ordinal);
        }

        var empty = Directory.CreateTempSubdirectory("land-calendar-");
        try
        {
            using var services = Build(new Dictionary<string, string?> { ["Land:Calendar:Path"] = empty.FullName });
            var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<WorkingCalendar>());
            Assert.Contains("thiếu tệp " + WorkingCalendar.FileName, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }
}
