using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Interview.SessionApi.Sessions;

/// <summary>
/// Session ids and interviewer keys: CSPRNG bytes as unpadded base64url, so they are URL-safe and of
/// fixed length. An id carries 128 bits (22 characters); a key 256 bits (43 characters).
/// </summary>
public static class Secrets
{
    public const int SessionIdLength = 22;
    public const int InterviewerKeyLength = 43;

    public static string NewSessionId() => RandomToken(16);

    public static string NewInterviewerKey() => RandomToken(32);

    /// <summary>True when the text has the exact shape of an id, so it is safe to use in a storage key.</summary>
    public static bool IsSessionId(string? candidate) =>
        candidate is { Length: SessionIdLength } && candidate.All(IsBase64UrlChar);

    /// <summary>The stored form of a key: its SHA-256, so a leaked store does not leak interviewer rights.</summary>
    public static string HashKey(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Compares a presented key with a stored hash in constant time.</summary>
    public static bool KeyMatches(string? presentedKey, string storedHash) =>
        presentedKey is { Length: InterviewerKeyLength }
        && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(HashKey(presentedKey)), Encoding.ASCII.GetBytes(storedHash));

    private static string RandomToken(int bytes) => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(bytes));

    private static bool IsBase64UrlChar(char c) =>
        c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_';
}
