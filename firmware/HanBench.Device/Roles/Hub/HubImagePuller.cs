using HanBench.Device.Hal;
using HanBench.Device.Roles.Ota;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Management;
using HanBench.Protocol.Transfer;
using HanBench.Protocol.Zcl;

namespace HanBench.Device.Roles.Hub
{
    /// <summary>
    /// The Comms Hub's side towards the host: an OTA client that pulls the image the CSP delivers (docs/ARCHITECTURE.md: the
    /// hub is an OTA client of the host and an OTA server to the HAN). The host sends Image Notify naming the image; the
    /// hub queries for that manufacturer code and image type, downloads into its image store under the image's
    /// <see cref="ImageKeys"/> key, checks size and header, and on the upgrade time offers it to the HAN. A GBCS-signed image
    /// is kept only when its supplier signature verifies against the hub's trust anchor (<see cref="GbcsDeviceSecurity"/>);
    /// with <see cref="RoleSettings.RequireSignedImages"/> the hub's own firmware must be signed. A refused image is
    /// discarded and the host told INVALID_IMAGE in the Upgrade End Request; the hub logs it as GBCS
    /// <see cref="GbcsAlertCode.FirmwareVerificationFailed"/> and counts it (<see cref="ImagesRefused"/>, <see cref="ImageSignatureRefusals"/>).
    /// </summary>
    public sealed class HubImagePuller : IOtaClientObserver
    {
        /// <summary>Settings key of the download's resume record.</summary>
        public const string ProgressKey = "ota.wan";

        private readonly CommsHubRole _hub;
        private readonly IZclFrameSender _sender;
        private readonly HubImageSink _sink;
        private readonly SettingsProgressStore _progress;
        private readonly OtaImageVerifierCheck _check = new OtaImageVerifierCheck();
        private readonly ByteReader _reader = new ByteReader();
        private readonly byte[] _record = new byte[OtaResumeRecord.Length];
        private readonly ImageSignatureRefusals _refusals;
        private OtaClient? _client;

        /// <summary>The puller of <paramref name="hub"/>, sending ZCL through <paramref name="sender"/>.</summary>
        public HubImagePuller(CommsHubRole hub, IZclFrameSender sender)
        {
            _hub = hub;
            _sender = sender;
            // The supplier trust anchor CS06 and the hub's CS02 use too (one lookup: a CS02b-replaced supplier governs images).
            _check.SignatureCheck = hub.Activator.GbcsSecurity;
            _sink = new HubImageSink(hub);
            _refusals = new ImageSignatureRefusals(hub.Context.Log);
            _progress = new SettingsProgressStore(hub.Context.Settings, ProgressKey);
        }

        /// <summary>Where images go: the store, bounded (<see cref="HubImageSink"/>).</summary>
        public HubImageSink Sink => _sink;

        /// <summary>The OTA client (a new one after each boot).</summary>
        public OtaClient? Client => _client;

        /// <summary>Images refused since the instance was made because their supplier signature failed or was required and missing.</summary>
        public int ImagesRefused => _refusals.Count;

        /// <summary>True while a download from the host is under way.</summary>
        public bool IsBusy => _client != null && _client.State != OtaClientState.Idle && _client.State != OtaClientState.Activated;

        /// <summary>Makes a fresh client; resumes a download recorded before a restart.</summary>
        public void Boot(long nowMs, byte maxDataSize)
        {
            OtaClientSettings settings = new OtaClientSettings();
            settings.OwnAddress = _hub.Eui64;
            settings.ServerAddress = _hub.Configuration.UpstreamEui;
            settings.MaxDataSize = maxDataSize;
            if (_progress.TryRead(_record, 0, out int length))
            {
                _reader.Reset(_record, 0, length);
                if (OtaResumeRecord.TryDecode(_reader, out OtaResumeRecord record))
                {
                    settings.ManufacturerCode = record.ManufacturerCode;
                    settings.ImageType = record.ImageType;
                    RequireSignatureFor(record.ManufacturerCode, record.ImageType);
                }
            }

            _client = new OtaClient(_sender, _sink, _progress, _check, settings);
            _client.Observer = this;
            _client.Start(nowMs);
        }

        /// <summary>Drops the client (a restart).</summary>
        public void Shutdown()
        {
            _client = null;
        }

        /// <summary>A ZCL OTA frame from the host. An Image Notify naming an image type points the idle client at it.</summary>
        public void OnZcl(ulong source, byte[] buffer, int offset, int count, long nowMs)
        {
            OtaClient? client = _client;
            if (client == null)
            {
                return;
            }

            _reader.Reset(buffer, offset, count);
            if (!IsBusy && ZclHeader.TryDecode(_reader, out ZclHeader header) == ZclDecodeStatus.Ok
                && header.FrameType == ZclHeader.FrameTypeClusterSpecific && header.CommandId == (byte)OtaCommandId.ImageNotify
                && ImageNotify.TryDecode(_reader, out ImageNotify notify) == ZclDecodeStatus.Ok
                && notify.PayloadType >= ImageNotifyPayloadType.QueryJitterManufacturerCodeAndImageType)
            {
                // HanBench choice: the hub keeps images of any version for its HAN, so it asks as if it held none.
                client.Settings.ManufacturerCode = notify.ManufacturerCode;
                client.Settings.ImageType = notify.ImageType;
                client.Settings.CurrentFileVersion = 0;
                RequireSignatureFor(notify.ManufacturerCode, notify.ImageType);
            }

            client.OnZcl(source, buffer, offset, count, nowMs);
        }

        /// <inheritdoc />
        public void OnStateChanged(OtaClient client, OtaClientState state)
        {
            _refusals.OnStateChanged(client, state, _check);
        }

        /// <summary>The hub's own firmware must be signed when <see cref="RoleSettings.RequireSignedImages"/>; HAN devices' images need not be.</summary>
        private void RequireSignatureFor(ushort manufacturerCode, ushort imageType)
        {
            _check.RequireSignature = _hub.Configuration.RequireSignedImages && _hub.IsOwnImage(new ImageIdentity(manufacturerCode, imageType, 0));
        }

        /// <inheritdoc />
        public void OnActivate(OtaClient client, ushort manufacturerCode, ushort imageType, uint fileVersion)
        {
            _hub.OnImageStored(new ImageIdentity(manufacturerCode, imageType, fileVersion));
        }
    }
}
