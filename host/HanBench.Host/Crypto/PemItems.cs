using Org.BouncyCastle.OpenSsl;

namespace HanBench.Host.Crypto;

/// <summary>Reads PEM text with BouncyCastle and turns its failures into one clear <see cref="InvalidDataException"/>.</summary>
internal static class PemItems
{
    public static object ReadFirst(string pem, string wanted)
    {
        ArgumentNullException.ThrowIfNull(pem);
        object? item;
        try
        {
            item = new PemReader(new StringReader(pem), new NoPassword()).ReadObject();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new InvalidDataException($"unreadable PEM ({FirstLine(ex.Message).TrimEnd('.')})", ex);
        }

        return item ?? throw new InvalidDataException($"no PEM {wanted} found");
    }

    // BouncyCastle 2.x folds the inner exception, stack trace included, into its PEM messages: keep the error one line.
    private static string FirstLine(string message)
    {
        int end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }

    public static string Describe(object? item) => item switch
    {
        null => "nothing",
        Org.BouncyCastle.X509.X509Certificate => "a certificate",
        Org.BouncyCastle.Crypto.AsymmetricCipherKeyPair => "a key pair of another kind",
        Org.BouncyCastle.Crypto.AsymmetricKeyParameter key => key.IsPrivate ? "a non-EC private key" : "a non-EC public key",
        _ => item.GetType().Name,
    };

    /// <summary>Encrypted keys are refused with a message instead of a prompt: the CLI takes unencrypted PEM only.</summary>
    private sealed class NoPassword : IPasswordFinder
    {
        public char[] GetPassword() => throw new InvalidDataException("encrypted private keys are not supported; decrypt it first (openssl pkey)");
    }
}
