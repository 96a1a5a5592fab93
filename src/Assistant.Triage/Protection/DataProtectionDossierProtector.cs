using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace Assistant.Triage.Protection;

/// <summary>
/// <see cref="IDossierProtector"/> over ASP.NET Core Data Protection (AES-256-CBC + HMAC-SHA256, keys rotated every 90
/// days, old keys kept for reading). The key ring is a folder of XML files (DataProtection:KeysPath), never the database:
/// a copy of triage.db alone reveals nothing. In production protect that folder with a certificate
/// (ProtectKeysWithCertificate) or an HSM/Key Vault, and back it up apart from the database (README, "Personal data").
/// Lives in Assistant.Triage, not in the host, because the operators' CLI (export, erase) must read the same dossiers.
/// </summary>
public sealed class DataProtectionDossierProtector : IDossierProtector, IDisposable
{
    /// <summary>The application name shared by the host and the CLI: the same key ring opens the same data.</summary>
    public const string ApplicationName = "Assistant.LandProcedures";

    /// <summary>The fixed purpose of dossier payloads (a changed purpose could not read old rows).</summary>
    public const string Purpose = "Assistant.Triage.Dossier.v1";

    private readonly IDataProtector _protector;
    private readonly IDisposable? _owned;
    private readonly string? _keysPath;

    public DataProtectionDossierProtector(IDataProtectionProvider provider, string? keysPath = null)
        : this(provider, keysPath, null)
    {
    }

    private DataProtectionDossierProtector(IDataProtectionProvider provider, string? keysPath, IDisposable? owned)
    {
        ArgumentNullException.ThrowIfNull(provider);
        _protector = provider.CreateProtector(Purpose);
        _keysPath = keysPath;
        _owned = owned;
    }

    /// <summary>
    /// A protector on the key folder <paramref name="keysPath"/>, outside any host (CLI, tools, tests).
    /// <paramref name="createKeys"/> false: a folder without keys is an error at first use, never a fresh key ring.
    /// </summary>
    public static DataProtectionDossierProtector ForKeysDirectory(string keysPath, bool createKeys)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keysPath);
        var full = Path.GetFullPath(keysPath);
        if (!createKeys && (!Directory.Exists(full) || !Directory.EnumerateFiles(full, "*.xml").Any()))
            throw new DossierKeysUnavailableException(DossierKeysUnavailableException.DefaultMessage(full));
        var services = new ServiceCollection();
        var builder = services.AddDataProtection().SetApplicationName(ApplicationName).PersistKeysToFileSystem(new DirectoryInfo(full));
        if (!createKeys) builder.DisableAutomaticKeyGeneration();
        var provider = services.BuildServiceProvider();
        return new DataProtectionDossierProtector(provider.GetRequiredService<IDataProtectionProvider>(), full, provider);
    }

    public string Protect(string plaintext)
    {
        try
        {
            return _protector.Protect(plaintext);
        }
        catch (Exception e) when (e is CryptographicException or InvalidOperationException)
        {
            throw new DossierKeysUnavailableException(DossierKeysUnavailableException.DefaultMessage(_keysPath), e);
        }
    }

    public string Unprotect(string protectedText)
    {
        try
        {
            return _protector.Unprotect(protectedText);
        }
        catch (Exception e) when (e is CryptographicException or InvalidOperationException or FormatException)
        {
            throw new DossierKeysUnavailableException(DossierKeysUnavailableException.DefaultMessage(_keysPath), e);
        }
    }

    public void Dispose() => _owned?.Dispose();
}
