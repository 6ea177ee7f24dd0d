using HanBench.Device.Hal;
using HanBench.Device.Roles.Ota;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Management;
using HanBench.Protocol.Transfer;
using HanBench.Protocol.Zcl;

namespace HanBench.Device.Roles.EndDevice
{
    /// <summary>
    /// The OTA client of one firmware component of a PPMID or bridge (SECMP0170 §4.3: a bridge's SiLabs and Broadcom
    /// images are upgraded separately, so each has its own client, image type, resume record and expectation).
    /// <para>
    /// It queries only for an image it holds an <see cref="ImageExpectation"/> for (HanBench choice: Image Notify without a
    /// matching expectation is ignored), checks the image while it streams — size, header, hardware version, Manufacturer
    /// Image SHA-256 against the expectation — and hands a good image to the role for activation. A bad image is
    /// discarded by the client (Upgrade End Request INVALID_IMAGE) and the running firmware is untouched. A GBCS
    /// supplier-signed image must verify under the device's supplier trust anchor, and with
    /// <see cref="RoleSettings.RequireSignedImages"/> an unsigned one is refused too; either refusal is logged as GBCS
    /// 0x8F1C Firmware Verification Failed with its reason (<see cref="ImageSignatureRefusals"/>).
    /// </para>
    /// </summary>
    public sealed class ComponentUpdater : IOtaClientObserver
    {
        private const string ExpectationPrefix = "expect.";
        private const string ProgressPrefix = "ota.";
        private const int ExpectationLength = ImageIdentity.EncodedLength + ImageExpectation.HashLength;

        private readonly PpmidRole _role;
        private readonly int _index;
        private readonly FirmwareComponentConfig _component;
        private readonly IZclFrameSender _sender;
        private readonly ImageStoreSink _sink;
        private readonly SettingsProgressStore _progress;
        private readonly OtaImageVerifierCheck _check = new OtaImageVerifierCheck();
        private readonly ImageSignatureRefusals _refusals;
        private readonly ISettingsStore _settings;
        private readonly string _expectationKey;
        private readonly byte[] _expectationState = new byte[ExpectationLength];
        private readonly byte[] _hash = new byte[ImageExpectation.HashLength];
        private readonly ByteReader _reader = new ByteReader();
        private readonly ByteWriter _writer = new ByteWriter();
        private OtaClient? _client;
        private bool _hasExpectation;
        private ImageIdentity _expected;

        /// <summary>The updater of component <paramref name="index"/> of <paramref name="role"/>.</summary>
        public ComponentUpdater(PpmidRole role, int index, IZclFrameSender sender)
        {
            _role = role;
            _index = index;
            _component = role.Configuration.Components[index];
            _sender = sender;
            _settings = role.Context.Settings;
            _sink = new ImageStoreSink(role.Context.Images);
            string name = FirmwareComponentNames.NameOf(_component.Component);
            _progress = new SettingsProgressStore(_settings, ProgressPrefix + name);
            _expectationKey = ExpectationPrefix + name;
            _check.HasHardwareVersion = true;
            _check.HardwareVersion = role.Configuration.HardwareVersion;

            // A GBCS supplier-signed image must verify under the supplier trust anchor the device holds now (the one
            // lookup CS06 and CS02 use too, so a CS02b-replaced supplier governs images); an unsigned one passes unless the
            // board is configured to require signed images (issue 8 §3).
            _check.SignatureCheck = role.GbcsSecurity;
            _check.RequireSignature = role.Configuration.RequireSignedImages;
            _refusals = new ImageSignatureRefusals(role.Context.Log);
        }

        /// <summary>The component.</summary>
        public FirmwareComponentConfig Component => _component;

        /// <summary>The OTA client (a new one after each boot); null before the first boot.</summary>
        public OtaClient? Client => _client;

        /// <summary>True while an expectation is held.</summary>
        public bool HasExpectation => _hasExpectation;

        /// <summary>Images refused since the instance was made because their supplier signature failed or was required and missing.</summary>
        public int ImagesRefused => _refusals.Count;

        /// <summary>Image Notify frames ignored for want of a matching expectation.</summary>
        public long NotifiesIgnored { get; private set; }

        /// <summary>True while a download is under way (querying to upgrade end).</summary>
        public bool IsBusy
        {
            get
            {
                if (_client == null)
                {
                    return false;
                }

                OtaClientState state = _client.State;
                return state != OtaClientState.Idle && state != OtaClientState.Activated;
            }
        }

        /// <summary>Makes a fresh client (RAM is new after a restart) and resumes a download recorded before it.</summary>
        public void Boot(long nowMs, uint runningVersion, ulong hubEui, byte maxDataSize)
        {
            LoadExpectation();
            OtaClientSettings settings = new OtaClientSettings();
            settings.OwnAddress = _role.Eui64;
            settings.ServerAddress = hubEui;
            settings.ManufacturerCode = _component.ManufacturerCode;
            settings.ImageType = _component.ImageType;
            settings.CurrentFileVersion = runningVersion;
            settings.HasHardwareVersion = true;
            settings.HardwareVersion = _role.Configuration.HardwareVersion;
            settings.MaxDataSize = maxDataSize;

            // A relay restarting on the way (requirement 9) must not exhaust the retries: back off up to 30 s, 12 times.
            settings.MaxRetries = 12;
            _client = new OtaClient(_sender, _sink, _progress, _check, settings);
            _client.Observer = this;
            _client.Start(nowMs);
        }

        /// <summary>Drops the client (a restart).</summary>
        public void Shutdown()
        {
            _client = null;
        }

        /// <summary>Takes <paramref name="expectation"/> when it names this component's images; true when taken.</summary>
        public bool TryTakeExpectation(ImageExpectation expectation)
        {
            ImageIdentity image = expectation.Image;
            if (image.ManufacturerCode != _component.ManufacturerCode || image.ImageType != _component.ImageType)
            {
                return false;
            }

            _writer.Reset(_expectationState, 0, _expectationState.Length);
            image.WriteTo(_writer);
            _writer.WriteBytes(expectation.ManufacturerImageHash, 0, ImageExpectation.HashLength);
            _settings.Write(_expectationKey, _expectationState, 0, ExpectationLength);
            LoadExpectation();
            return true;
        }

        /// <summary>A ZCL OTA frame from the hub; Image Notify passes only with a matching expectation.</summary>
        public void OnZcl(ulong source, byte[] buffer, int offset, int count, long nowMs)
        {
            OtaClient? client = _client;
            if (client == null)
            {
                return;
            }

            if (IsImageNotify(buffer, offset, count, out ImageNotify notify))
            {
                if (notify.PayloadType >= ImageNotifyPayloadType.QueryJitterManufacturerCodeAndImageType
                    && (notify.ManufacturerCode != _component.ManufacturerCode || notify.ImageType != _component.ImageType))
                {
                    return;
                }

                bool matches = _hasExpectation
                    && (notify.PayloadType < ImageNotifyPayloadType.QueryJitterManufacturerCodeImageTypeAndFileVersion || notify.FileVersion == _expected.FileVersion);
                if (!matches)
                {
                    NotifiesIgnored++;
                    return;
                }
            }

            client.OnZcl(source, buffer, offset, count, nowMs);
        }

        /// <inheritdoc />
        public void OnStateChanged(OtaClient client, OtaClientState state)
        {
            _refusals.OnStateChanged(client, state, _check);
            if (state == OtaClientState.Downloading)
            {
                _role.Context.Indicator.Show(IndicatorState.Transferring);
            }
            else if (state == OtaClientState.Idle)
            {
                _role.Context.Indicator.Show(client.LastError == OtaClientError.None ? IndicatorState.Idle : IndicatorState.Error);
            }
        }

        /// <inheritdoc />
        public void OnActivate(OtaClient client, ushort manufacturerCode, ushort imageType, uint fileVersion)
        {
            // The expectation is used up: a later notify needs a new one.
            _settings.Delete(_expectationKey);
            _hasExpectation = false;
            _check.ExpectedManufacturerImageHash = null;
            _role.ActivateComponent(_index, fileVersion, _sink.Key);
        }

        private void LoadExpectation()
        {
            _hasExpectation = false;
            _check.ExpectedManufacturerImageHash = null;
            if (_settings.TryRead(_expectationKey, _expectationState, 0, out int length) != StoreStatus.Ok || length != ExpectationLength)
            {
                return;
            }

            _reader.Reset(_expectationState, 0, length);
            ImageIdentity.TryRead(_reader, out _expected);
            System.Array.Copy(_expectationState, ImageIdentity.EncodedLength, _hash, 0, ImageExpectation.HashLength);
            _hasExpectation = true;
            _check.ExpectedManufacturerImageHash = _hash;
        }

        private bool IsImageNotify(byte[] buffer, int offset, int count, out ImageNotify notify)
        {
            notify = default;
            _reader.Reset(buffer, offset, count);
            if (ZclHeader.TryDecode(_reader, out ZclHeader header) != ZclDecodeStatus.Ok
                || header.FrameType != ZclHeader.FrameTypeClusterSpecific || header.CommandId != (byte)OtaCommandId.ImageNotify)
            {
                return false;
            }

            return ImageNotify.TryDecode(_reader, out notify) == ZclDecodeStatus.Ok;
        }
    }
}
