using HanBench.Protocol.Zcl;

namespace HanBench.Protocol.Transfer
{
    /// <summary>
    /// An <see cref="OtaClient"/>'s Query Next Image exchange: the request for the running firmware, its retries, and the
    /// answer — nothing offered, refused, the wrong image, or an image the sink opens (resumed where the sink still holds
    /// data) and the data phase begins. The exchange's round trip is the first the client learns of its server and link
    /// (<see cref="OtaClientPacing"/>). Allocates nothing. Not thread-safe.
    /// </summary>
    internal sealed class OtaClientQuery
    {
        private readonly OtaClient _client;
        private readonly OtaClientTimer _timer;
        private readonly OtaClientImage _image;
        private readonly OtaClientPacing _pacing;
        private readonly OtaClientRequests _requests;
        private readonly OtaClientEnd _end;
        private readonly OtaClientDownload _download;
        private long _sentMs;
        private byte _sequence;

        /// <summary>The query exchange of <paramref name="client"/>.</summary>
        public OtaClientQuery(OtaClient client, OtaClientTimer timer, OtaClientImage image, OtaClientPacing pacing, OtaClientRequests requests, OtaClientEnd end, OtaClientDownload download)
        {
            _client = client;
            _timer = timer;
            _image = image;
            _pacing = pacing;
            _requests = requests;
            _end = end;
            _download = download;
        }

        /// <summary>A new query: its retries and the round trip start afresh.</summary>
        public void Start(long nowMs)
        {
            _timer.ResetRetries();
            _pacing.ForgetRoundTrip();
            Send(nowMs);
        }

        /// <summary>No answer in time: the query again, with the client's retries.</summary>
        public void OnTimeout(long nowMs)
        {
            if (_client.Retry(nowMs, OtaClientError.QueryTimeout))
            {
                Send(nowMs);
            }
        }

        /// <summary>A Query Next Image Response, with the transaction sequence number of its frame (stale unless querying).</summary>
        public void OnResponse(QueryNextImageResponse response, byte sequence, long nowMs)
        {
            if (_client.State != OtaClientState.Querying)
            {
                _client.CountStale();
                return;
            }

            OtaClientSettings settings = _client.Settings;
            if (response.Status == OtaStatus.NoImageAvailable)
            {
                // Nothing newer is offered: a partial image recorded from before a restart can never be finished.
                _image.ClearRecord();
                _client.Fail(OtaClientError.NoImageAvailable);
                return;
            }

            if (response.Status != OtaStatus.Success)
            {
                _client.Fail(OtaClientError.NotAuthorized);
                return;
            }

            if (response.ManufacturerCode != settings.ManufacturerCode || response.ImageType != settings.ImageType || response.ImageSize == 0)
            {
                _client.Fail(OtaClientError.WrongImageOffered);
                return;
            }

            // The round trip only when the answer names the last query sent: an answer to an earlier one would be taken for
            // a longer or shorter round trip (the ambiguity RFC 6298 §3, Karn's rule, avoids by not sampling retries at all).
            _pacing.ForgetRoundTrip();
            if (sequence == _sequence && nowMs >= _sentMs)
            {
                _pacing.LearnRoundTrip(nowMs - _sentMs);
            }

            _end.LastCheckResult = OtaImageCheckResult.None;
            OtaSinkStatus opened = _image.Open(response.ManufacturerCode, response.ImageType, response.FileVersion, response.ImageSize);
            if (opened != OtaSinkStatus.Ok)
            {
                // The server is told why when the store says so (UpgradeEndRequest.IsAllowedStatus), so it neither offers the
                // image again at once nor calls an image that can never fit "no room".
                _requests.SendUpgradeEnd(opened == OtaSinkStatus.NoSpace ? OtaStatus.InsufficientSpace : opened == OtaSinkStatus.TooLarge ? OtaStatus.InvalidValue : OtaStatus.Abort, _image);
                _client.Fail(OtaClientError.StorageFailed);
                return;
            }

            _client.ResumedAt(_image.Next);
            _download.Begin(nowMs);
        }

        private void Send(long nowMs)
        {
            _sequence = _requests.WriteQuery();
            _sentMs = nowMs;
            _timer.AwaitUntil(nowMs + _pacing.RoundTripTimeoutMs());
            _requests.Transmit();
        }
    }
}
