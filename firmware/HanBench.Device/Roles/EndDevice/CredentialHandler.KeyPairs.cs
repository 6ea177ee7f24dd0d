using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Security;

namespace HanBench.Device.Roles.EndDevice
{
    /// <summary>The device's own key pairs: CS02e reports the certificate in use, CS02c makes a new key pair and its PKCS#10 request, CS02d puts it in use with its certificate.</summary>
    public sealed partial class CredentialHandler
    {
        private readonly CertificationRequestWriter _request = new CertificationRequestWriter();
        private readonly EcdhP256 _ecdh = new EcdhP256();

        private readonly byte[] _csr = new byte[CertificationRequestWriter.MaxLength];

        private readonly CertificateFields _certificate = new CertificateFields();
        private readonly CertificateChain _chain = new CertificateChain();

        private readonly byte[] _stored = new byte[640];

        private void ProvideCertificate(byte keyUsage)
        {
            CertificateOrCode response = _certificateResponse;
            int index = DeviceKeyPairs.IndexOf(keyUsage);
            response.HasDer = false;
            response.ResponseCode = 1;
            if (index < 0)
            {
                return;
            }

            response.ResponseCode = 2;
            int length = _deviceKeys.ReadCertificate(index, _stored);
            if (length > 0)
            {
                response.HasDer = true;
                response.Der.Set(_stored, 0, length);
            }
        }

        // CS02c: a new key pair from the random source (scalars outside [1, n-1] drawn again) in _newKey and its
        // certification request in the response; the index of its usage when it is to be kept pending (the caller does,
        // after the response is signed), else -1 and code 1 (key usage), 2 (no key pair) or 3 (no request).
        private int IssueCredentials(byte keyUsage)
        {
            CertificateOrCode response = _certificateResponse;
            response.HasDer = false;
            int index = DeviceKeyPairs.IndexOf(keyUsage);
            if (index < 0)
            {
                response.ResponseCode = 1;
                return -1;
            }

            response.ResponseCode = 2;
            bool made = false;
            for (int attempt = 0; attempt < 8 && !made; attempt++)
            {
                made = _random.TryFill(_newKey, 0, _newKey.Length) && _ecdh.DerivePublicKey(_newKey, 0, _key, 0, false) == P256Status.Ok;
            }

            if (!made)
            {
                return -1;
            }

            response.ResponseCode = 3;
            int length = _request.Write(_key, _newKey, keyUsage, _configuration.Eui64, _csr);
            if (length <= 0)
            {
                return -1;
            }

            response.HasDer = true;
            response.Der.Set(_csr, 0, length);
            return index;
        }

        // CS02d: the certificate must be this device's (hardwareModuleName), carry DS or KA key usage and the public key
        // of the pending key pair of that usage, and chain to the provisioned issuing authorities; then it is written to
        // the certificate slot not in use. 0 and the pending pair's index when it may be put in use (the caller does,
        // after the response is signed: key and certificate together, DeviceKeyPairs.TryActivate).
        private byte UpdateCertificate(DerView der, out int index)
        {
            index = -1;
            if (!_certificate.TryRead(der.Buffer, der.Offset, der.Length))
            {
                return 1;
            }

            if (_certificate.SubjectId != _configuration.Eui64)
            {
                return 2;
            }

            index = DeviceKeyPairs.IndexOf(_certificate.KeyUsage);
            if (index < 0)
            {
                return 3;
            }

            if (!_deviceKeys.TryGetPending(index, _newKey))
            {
                return 4;
            }

            bool same = _ecdh.DerivePublicKey(_newKey, 0, _key, 0, false) == P256Status.Ok;
            for (int i = 0; i < _key.Length && same; i++)
            {
                same = _key[i] == _certificate.PublicKey[i];
            }

            System.Array.Clear(_newKey, 0, _newKey.Length);
            if (!same)
            {
                return 5;
            }

            if (_chain.Check(_certificate, der.Buffer, _security.Provisioned, null, 0) != null)
            {
                return 1;
            }

            if (_deviceKeys.WriteCandidateCertificate(index, der.Buffer, der.Offset, der.Length) != Hal.StoreStatus.Ok)
            {
                return 6;
            }

            return 0;
        }

        // The seed of the deterministic source a virtual board or test uses when its context gives none: the device's
        // identity, so two devices never draw the same keys (HanBench choice; a board supplies entropy of its own).
        private static byte[] SeedOf(ulong eui64)
        {
            byte[] seed = new byte[16];
            for (int i = 0; i < 8; i++)
            {
                seed[i] = (byte)(eui64 >> (56 - (8 * i)));
                seed[8 + i] = (byte)"HanBench"[i];
            }

            return seed;
        }
    }
}
