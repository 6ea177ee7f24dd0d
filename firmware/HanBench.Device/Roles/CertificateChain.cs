using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Security;

namespace HanBench.Device.Roles
{
    /// <summary>
    /// Whether a certificate a CS02b or CS02d brings chains to the issuing-authority trust anchors the device was
    /// provisioned with (<see cref="DeviceCredentials.RootPublicKey"/>, <see cref="DeviceCredentials.IssuingPublicKey"/>;
    /// GBCS Root and Issuing Authority roles): it verifies directly under one of them (a Device certificate under the
    /// issuing CA, as CS02d carries no path), or under a certificate of the command's certification path that is a CA
    /// (key usage keyCertSign) and itself verifies under one of them (CS02b: the path's issuing CA under the root). A
    /// path certificate alone proves nothing: anyone can make a CA. Allocated once; not thread-safe.
    /// </summary>
    public sealed class CertificateChain
    {
        private readonly EcdsaP256Verifier _verifier = new EcdsaP256Verifier();
        private readonly CertificateFields _path = new CertificateFields();

        /// <summary>
        /// Null when <paramref name="certificate"/> (already read from <paramref name="buffer"/>) chains to an authority of
        /// <paramref name="anchors"/>, directly or through one of the first <paramref name="pathCount"/> certificates of
        /// <paramref name="path"/>; otherwise why not.
        /// </summary>
        public string? Check(CertificateFields certificate, byte[] buffer, DeviceCredentials? anchors, DerView[]? path, int pathCount)
        {
            byte[]? root = anchors == null ? null : anchors.RootPublicKey;
            byte[]? issuing = anchors == null ? null : anchors.IssuingPublicKey;
            if (root == null && issuing == null)
            {
                return "no issuing-authority trust anchor provisioned";
            }

            if (SignedBy(certificate, buffer, root) || SignedBy(certificate, buffer, issuing))
            {
                return null;
            }

            for (int i = 0; i < pathCount; i++)
            {
                DerView view = path![i];
                if (!_path.TryRead(view.Buffer, view.Offset, view.Length) || (_path.KeyUsage & GbcsKeyUsage.KeyCertSign) == 0)
                {
                    continue;
                }

                if ((SignedBy(_path, view.Buffer, root) || SignedBy(_path, view.Buffer, issuing)) && SignedBy(certificate, buffer, _path.PublicKey))
                {
                    return null;
                }
            }

            return "certificate does not chain to the provisioned issuing-authority trust anchors";
        }

        private bool SignedBy(CertificateFields certificate, byte[] buffer, byte[]? key)
        {
            return key != null
                && _verifier.VerifyMessage(key, 0, key.Length, buffer, certificate.TbsOffset, certificate.TbsLength, certificate.Signature, 0, 64) == P256Status.Ok;
        }
    }
}
