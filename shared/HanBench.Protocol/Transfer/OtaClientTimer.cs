namespace HanBench.Protocol.Transfer
{
    /// <summary>
    /// An <see cref="OtaClient"/>'s one timer and its retries: either a response is awaited until a time (then it timed out)
    /// or the client pauses until a time (a paced request, a server's wait, replay, activation). Silences in a row are
    /// counted; the first retries at once (one lost frame, the usual cause of one silence on a lossy HAN, costs only the
    /// wait that noticed it), each further one backs off exponentially up to a cap (an outage or a busy server).
    /// Not thread-safe.
    /// </summary>
    internal sealed class OtaClientTimer
    {
        private const long Never = long.MaxValue;

        private readonly OtaClientSettings _settings;
        private bool _awaiting;
        private long _timerMs;
        private int _retries;

        /// <summary>A stopped timer with the backoff of <paramref name="settings"/>.</summary>
        public OtaClientTimer(OtaClientSettings settings)
        {
            _settings = settings;
            _timerMs = Never;
        }

        /// <summary>True while a response is awaited (the time is a timeout, not a pause).</summary>
        public bool Awaiting => _awaiting;

        /// <summary>When the client next needs a tick; <see cref="long.MaxValue"/> when only a frame can move it on.</summary>
        public long DueMs => _timerMs;

        /// <summary>Response timeouts.</summary>
        public long Timeouts { get; private set; }

        /// <summary>Milliseconds of backoff handed out (each <see cref="Backoff"/> is waited).</summary>
        public long BackedOffMs { get; private set; }

        /// <summary>Waits for a response until <paramref name="atMs"/>, then times out.</summary>
        public void AwaitUntil(long atMs)
        {
            _awaiting = true;
            _timerMs = atMs;
        }

        /// <summary>Nothing awaited; the client moves on at <paramref name="atMs"/> (<see cref="long.MaxValue"/>: never).</summary>
        public void WakeAt(long atMs)
        {
            _awaiting = false;
            _timerMs = atMs;
        }

        /// <summary>Nothing awaited any more; the time is left as it is.</summary>
        public void StopWaiting()
        {
            _awaiting = false;
        }

        /// <summary>Nothing awaited and nothing due.</summary>
        public void Stop()
        {
            _awaiting = false;
            _timerMs = Never;
        }

        /// <summary>Progress, or a new exchange: the next silence is the first in a row.</summary>
        public void ResetRetries()
        {
            _retries = 0;
        }

        /// <summary>A response timed out.</summary>
        public void CountTimeout()
        {
            Timeouts++;
        }

        /// <summary>Counts a retry after a silence; returns how many there have been in a row.</summary>
        public int CountRetry()
        {
            return ++_retries;
        }

        /// <summary>
        /// The pause before retry number <paramref name="retry"/> in a row: none for the first, then
        /// <see cref="OtaClientSettings.BackoffBaseMs"/> doubled for each further silence, up to <see cref="OtaClientSettings.BackoffMaxMs"/>.
        /// </summary>
        public long Backoff(int retry)
        {
            if (retry <= 1)
            {
                return 0;
            }

            long wait = _settings.BackoffBaseMs;
            for (int i = 2; i < retry && wait < _settings.BackoffMaxMs; i++)
            {
                wait *= 2;
            }

            if (wait > _settings.BackoffMaxMs)
            {
                wait = _settings.BackoffMaxMs;
            }

            BackedOffMs += wait;
            return wait;
        }
    }
}
