using Assistant.Bot.Staff;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers who is staff in Teams (section "Staff"): options validated on start, the roster, the resolver.</summary>
public static class StaffServiceCollectionExtensions
{
    public static IServiceCollection AddStaffIdentity(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<StaffOptions>().Bind(configuration.GetSection(StaffOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StaffOptions>, StaffOptionsValidator>());
        services.TryAddSingleton(sp =>
        {
            var path = sp.GetRequiredService<IOptions<StaffOptions>>().Value.RosterPath;
            return string.IsNullOrWhiteSpace(path)
                ? StaffRoster.Empty
                : StaffRoster.Load(Path.Combine(sp.GetRequiredService<IHostEnvironment>().ContentRootPath, path));
        });
        services.TryAddSingleton<StaffIdentityResolver>();
        return services;
    }
}
