namespace Assistant.Triage.Protection;

/// <summary>
/// Encryption at rest of what the triage store keeps about a dossier (its request and its result), Law 91/2025/QH15.
/// The store calls it for every write and read; the keys live outside the database (see
/// <see cref="DataProtectionDossierProtector"/>).
/// </summary>
public interface IDossierProtector
{
    /// <summary>The protected (encrypted and authenticated) form of <paramref name="plaintext"/>.</summary>
    string Protect(string plaintext);

    /// <summary>The plain text back. Throws <see cref="DossierKeysUnavailableException"/> when the keys in use cannot open it.</summary>
    string Unprotect(string protectedText);
}

/// <summary>
/// The dossier store cannot be opened with the keys in use: the key folder is missing, empty, or belongs to another
/// installation. Never silently replaced by new keys: the stored dossiers would be lost.
/// </summary>
public sealed class DossierKeysUnavailableException : Exception
{
    public DossierKeysUnavailableException()
        : this(DefaultMessage(null))
    {
    }

    public DossierKeysUnavailableException(string message)
        : base(message)
    {
    }

    public DossierKeysUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The bilingual message naming the key folder in use.</summary>
    public static string DefaultMessage(string? keysPath) =>
        "Không giải mã được dữ liệu hồ sơ đã lưu: thiếu hoặc sai khóa bảo vệ dữ liệu"
        + (keysPath is null ? "" : $" (thư mục khóa: {keysPath})")
        + ". Hãy trỏ DataProtection:KeysPath (hoặc --keys) tới đúng thư mục khóa của hệ thống đã ghi dữ liệu. "
        + "/ The stored dossiers cannot be decrypted: the data-protection keys are missing or wrong"
        + (keysPath is null ? "" : $" (key folder: {keysPath})")
        + "; point DataProtection:KeysPath (or --keys) at the key folder of the installation that wrote them.";
}
