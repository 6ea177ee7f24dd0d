using HanBench.Protocol.Zcl;

namespace HanBench.Protocol.Transfer
{
    /// <summary>
    /// The end of an <see cref="OtaClient"/>'s download: the whole image committed and checked (a resumed image replayed
    /// from the sink through the check first, since the check's hash state does not survive a restart), then Upgrade End
    /// Request SUCCESS, INVALID_IMAGE or ABORT, and on the Upgrade End Response activation at the upgrade time (never for a
    /// bad image). A whole, verified image reported but not activated before a restart is reported again
    /// (<see cref="ResumeEnd"/>). The scratch buffer for the replay is allocated once. Not thread-safe.
    /// </summary>
    internal sealed class OtaClientEnd
    {
        private const long Never = long.MaxValue;

        private readonly OtaClient _client;
        private readonly OtaClientTimer _timer;
        private readonly OtaClientSettings _settings;
        private readonly IOtaImageSink _sink;
        private readonly IOtaImageCheck _check;
        private readonly OtaClientImage _image;
        private readonly OtaClientRequests _requests;
        private readonly byte[] _scratch;
        private uint _replayOffset;

        /// <summary>The end exchange of <paramref name="client"/>'s downloads.</summary>
        public OtaClientEnd(OtaClient client, OtaClientTimer timer, IOtaImageSink sink, IOtaImageCheck check, OtaClientImage image, OtaClientRequests requests)
        {
            _client = client;
            _timer = timer;
            _settings = client.Settings;
            _sink = sink;
            _check = check;
            _image = image;
            _requests = requests;
            _scratch = new byte[256];
        }

        /// <summary>The check's verdict on the last complete image.</summary>
        public OtaImageCheckResult LastCheckResult { get; set; }

        /// <summary>The last byte of the image is in the sink: commit and check it, or replay it through the check first.</summary>
        public void Finish(long nowMs)
        {
            _timer.StopWaiting();
            if (!_image.ReplayNeeded)
            {
                LastCheckResult = _check.Complete();
                if (LastCheckResult != OtaImageCheckResult.Valid)
                {
                    Reject();
                    return;
                }

                if (_sink.Commit() != OtaSinkStatus.Ok)
                {
                    FailStorage();
                    return;
                }

                EndSuccess(nowMs);
                return;
            }

            // Resumed: the check missed the bytes before the restart. Commit, then replay the whole image from the sink.
            if (_sink.Commit() != OtaSinkStatus.Ok)
            {
                FailStorage();
                return;
            }

            _check.Begin(_image.ManufacturerCode, _image.ImageType, _image.FileVersion, _image.Size);
            _replayOffset = 0;
            _client.SetState(OtaClientState.Verifying);
            _timer.WakeAt(nowMs);
        }

        /// <summary>Replays up to <see cref="OtaClientSettings.ReplayBytesPerTick"/> bytes of a resumed image through the check.</summary>
        public void Replay(long nowMs)
        {
            int budget = _settings.ReplayBytesPerTick < 1 ? 1 : _settings.ReplayBytesPerTick;
            uint size = _image.Size;
            while (budget > 0 && _replayOffset < size)
            {
                uint left = size - _replayOffset;
                int chunk = left < (uint)_scratch.Length ? (int)left : _scratch.Length;
                if (chunk > budget)
                {
                    chunk = budget;
                }

                if (_sink.ReadBack(_replayOffset, _scratch, 0, chunk) != OtaSinkStatus.Ok)
                {
                    FailStorage();
                    return;
                }

                _check.Append(_scratch, 0, chunk);
                _replayOffset += (uint)chunk;
                budget -= chunk;
            }

            if (_replayOffset < size)
            {
                _timer.WakeAt(nowMs);
                return;
            }

            LastCheckResult = _check.Complete();
            if (LastCheckResult != OtaImageCheckResult.Valid)
            {
                Reject();
                return;
            }

            EndSuccess(nowMs);
        }

        /// <summary>The sink cannot store or read back the image: ABORT to the server, the data and the record dropped.</summary>
        public void FailStorage()
        {
            _image.Discard();
            _requests.SendUpgradeEnd(OtaStatus.Abort, _image);
            _client.Fail(OtaClientError.StorageFailed);
        }

        /// <summary>No Upgrade End Response in time: the Upgrade End Request again, with the client's retries.</summary>
        public void OnTimeout(long nowMs)
        {
            if (_client.Retry(nowMs, OtaClientError.UpgradeEndTimeout))
            {
                _requests.SendUpgradeEnd(OtaStatus.Success, _image);
                AwaitUpgradeEndResponse(nowMs);
            }
        }

        /// <summary>An Upgrade End Response: the upgrade time for the reported image (wildcards address every client).</summary>
        public void OnUpgradeEndResponse(UpgradeEndResponse response, long nowMs)
        {
            OtaClientState state = _client.State;
            if (state != OtaClientState.EndRequested && state != OtaClientState.UpgradePending)
            {
                _client.CountStale();
                return;
            }

            // ZCL OTA: wildcards in the response address every client.
            if ((response.ManufacturerCode != _image.ManufacturerCode && response.ManufacturerCode != OtaCluster.ManufacturerCodeWildcard)
                || (response.ImageType != _image.ImageType && response.ImageType != OtaCluster.ImageTypeWildcard)
                || (response.FileVersion != _image.FileVersion && response.FileVersion != OtaCluster.FileVersionWildcard))
            {
                _client.CountStale();
                return;
            }

            _timer.StopWaiting();
            _timer.ResetRetries();
            _client.SetState(OtaClientState.UpgradePending);
            if (response.WaitsForUpgradeCommand)
            {
                // ZCL OTA: 0xFFFFFFFF = hold the image until a later Upgrade End Response says when.
                _timer.WakeAt(Never);
                return;
            }

            long delayMs = 0;
            if (response.UpgradeTime > response.CurrentTime)
            {
                delayMs = (long)(response.UpgradeTime - response.CurrentTime) * 1000;
            }

            _timer.WakeAt(nowMs + delayMs);
            if (delayMs == 0)
            {
                Activate();
            }
        }

        /// <summary>The upgrade time came: the role takes the image up, then the record is dropped.</summary>
        public void Activate()
        {
            _timer.WakeAt(Never);
            _settings.CurrentFileVersion = _image.FileVersion;
            _client.SetState(OtaClientState.Activated);
            _client.NotifyActivate();

            // Cleared after the role took the image up: a restart in between finds the device running the version the
            // record names and drops the record then (ResumeEnd).
            _image.ClearRecord();
        }

        /// <summary>
        /// After a restart with the record of a whole, verified image that was reported but not activated: the sink must
        /// still hold it whole, and the device must not run it already; then Upgrade End Request SUCCESS again, with the
        /// usual retries, and activation on the server's answer.
        /// </summary>
        public void ResumeEnd(OtaResumeRecord record, long nowMs)
        {
            if (record.ManufacturerCode != _settings.ManufacturerCode || record.ImageType != _settings.ImageType
                || record.FileVersion == _settings.CurrentFileVersion
                || _sink.Reopen(record.ManufacturerCode, record.ImageType, record.FileVersion, record.ImageSize) != OtaSinkStatus.Ok)
            {
                _image.ClearRecord();
                return;
            }

            _image.ManufacturerCode = record.ManufacturerCode;
            _image.ImageType = record.ImageType;
            _image.FileVersion = record.FileVersion;
            _image.Size = record.ImageSize;
            _image.Next = record.Offset;
            _client.ResumedAt(record.Offset);
            LastCheckResult = OtaImageCheckResult.Valid;
            _timer.ResetRetries();
            _requests.SendUpgradeEnd(OtaStatus.Success, _image);
            _client.SetState(OtaClientState.EndRequested);
            AwaitUpgradeEndResponse(nowMs);
        }

        private void EndSuccess(long nowMs)
        {
            // The record now says "whole image, verified, reported": kept until activation so that a restart before the
            // Upgrade End Response reports it again instead of losing it (Start).
            _image.Next = _image.Size;
            _image.Persist();
            _timer.ResetRetries();
            _requests.SendUpgradeEnd(OtaStatus.Success, _image);
            _client.SetState(OtaClientState.EndRequested);
            AwaitUpgradeEndResponse(nowMs);
        }

        private void Reject()
        {
            // ZCL OTA: INVALID_IMAGE tells the server the download failed verification; nothing is activated.
            _image.Discard();
            _requests.SendUpgradeEnd(OtaStatus.InvalidImage, _image);
            _client.Fail(OtaClientError.InvalidImage);
        }

        // The Upgrade End Response is not an answer given at once: a server may check the whole image or wait for its
        // upgrade time first (ZCL OTA 11.13.9), so the learnt round trip is no measure of it; waiting that little sent
        // every Upgrade End Request twice on the demo's bench. It gets the full response timeout.
        private void AwaitUpgradeEndResponse(long nowMs)
        {
            _timer.AwaitUntil(nowMs + _settings.ResponseTimeoutMs);
        }
    }
}
