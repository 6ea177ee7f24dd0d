using HanBench.Device.Hal;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Han;
using HanBench.Protocol.Management;

namespace HanBench.Device.Roles.Traffic
{
    /// <summary>
    /// A meter traffic node (GSME or IHD stand-in, docs/ARCHITECTURE.md "Nodes"): every
    /// <see cref="RoleSettings.MeterReportPeriodMs"/> it sends a small report to the Comms Hub, keeps it until the
    /// hub acknowledges it, and resends it every <see cref="RoleSettings.MeterRetryIntervalMs"/> until then. It
    /// measures end-to-end latency (first send to acknowledgement) and counts a report lost only when it has to give it up
    /// (the window of <see cref="RoleSettings.MeterWindow"/> pending reports is full). This is how HanBench shows
    /// requirement 10 (SECMP0170 §3.4): traffic through a restarting bridge is delayed, never lost.
    /// </summary>
    public sealed class MeterTrafficRole : RoleBase
    {
        private const string NumberKey = "meter.next";

        // Message numbers are reserved in blocks, so a restart never reuses one and the flash is written once per block.
        private const uint NumberBlock = 64;

        private readonly uint[] _numbers;
        private readonly long[] _firstSentMs;
        private readonly long[] _lastSentMs;
        private readonly byte[] _payload;
        private readonly ByteWriter _writer = new ByteWriter();
        private readonly byte[] _scratch = new byte[8];
        private int _count;
        private uint _next;
        private uint _reservedUntil;
        private long _nextReportMs = WakeTime.Never;
        private bool _reporting = true;

        /// <summary>A meter traffic node; use <see cref="RoleFactory.Create"/>.</summary>
        public MeterTrafficRole(RoleSettings configuration, DeviceContext context, IFrameLink link)
            : base(configuration, context, link, null)
        {
            _numbers = new uint[configuration.MeterWindow];
            _firstSentMs = new long[configuration.MeterWindow];
            _lastSentMs = new long[configuration.MeterWindow];
            _payload = new byte[configuration.MeterPayloadBytes];
        }

        /// <summary>What the node measured.</summary>
        public MeterTrafficStatistics Statistics { get; } = new MeterTrafficStatistics();

        /// <summary>Reports sent and not yet acknowledged.</summary>
        public int Pending => _count;

        /// <summary>Whether new reports are made (false lets the pending ones drain at the end of a run).</summary>
        public bool Reporting
        {
            get
            {
                return _reporting;
            }

            set
            {
                _reporting = value;
                if (value && _nextReportMs == WakeTime.Never)
                {
                    _nextReportMs = Context.Clock.NowMs + Configuration.MeterReportPeriodMs;
                }
            }
        }

        /// <inheritdoc />
        protected override DeviceRunState RoleState => DeviceRunState.Idle;

        /// <inheritdoc />
        protected override long RoleNextWakeMs
        {
            get
            {
                long wake = _reporting ? _nextReportMs : WakeTime.Never;
                for (int i = 0; i < _count; i++)
                {
                    long due = _lastSentMs[i] + Configuration.MeterRetryIntervalMs;
                    if (due < wake)
                    {
                        wake = due;
                    }
                }

                return wake;
            }
        }

        /// <inheritdoc />
        protected override void Boot(long nowMs)
        {
            uint stored = SettingsValues.TryReadUInt32(Context.Settings, NumberKey, _scratch, out uint value) ? value : 0;
            _next = stored;
            _reservedUntil = stored;
            _nextReportMs = _reporting ? nowMs + Configuration.MeterReportPeriodMs : WakeTime.Never;
        }

        /// <inheritdoc />
        protected override void Shutdown(long nowMs)
        {
            // RAM goes: pending reports cannot be resent after the restart.
            Statistics.Lost += _count;
            _count = 0;
        }

        /// <inheritdoc />
        protected override void OnRoleTick(long nowMs)
        {
            while (_reporting && nowMs >= _nextReportMs)
            {
                NewReport(_nextReportMs, nowMs);
                _nextReportMs += Configuration.MeterReportPeriodMs;
            }

            for (int i = 0; i < _count; i++)
            {
                if (nowMs - _lastSentMs[i] >= Configuration.MeterRetryIntervalMs)
                {
                    Statistics.Retransmissions++;
                    Transmit(i, nowMs);
                }
            }
        }

        /// <inheritdoc />
        protected override void OnRoleFrame(IFrameLink link, HanFrame frame)
        {
            if (frame.Kind != HanFrameKind.Zcl || frame.ClusterId != MeterTrafficFrame.ClusterId || frame.Destination != Eui64
                || !MeterTrafficFrame.TryRead(frame.Payload, frame.PayloadOffset, frame.PayloadLength, out byte type, out uint number)
                || type != MeterTrafficFrame.Acknowledgement)
            {
                return;
            }

            for (int i = 0; i < _count; i++)
            {
                if (_numbers[i] == number)
                {
                    Statistics.Acknowledged++;
                    Statistics.AddLatency(Context.Clock.NowMs - _firstSentMs[i]);
                    RemoveAt(i);
                    return;
                }
            }

            Statistics.DuplicateAcknowledgements++;
        }

        private void NewReport(long dueMs, long nowMs)
        {
            if (_next >= _reservedUntil)
            {
                _reservedUntil = _next + NumberBlock;
                SettingsValues.WriteUInt32(Context.Settings, NumberKey, _scratch, _reservedUntil);
            }

            if (_count == _numbers.Length)
            {
                Statistics.Lost++;
                Log(LogLevel.Warning, "meter traffic: window full, report " + _numbers[0].ToString() + " given up");
                RemoveAt(0);
            }

            Statistics.Reports++;
            _numbers[_count] = _next++;
            _firstSentMs[_count] = dueMs;
            _count++;
            Transmit(_count - 1, nowMs);
        }

        private void Transmit(int index, long nowMs)
        {
            _lastSentMs[index] = nowMs;
            _writer.Reset(_payload, 0, _payload.Length);
            MeterTrafficFrame.Write(_writer, MeterTrafficFrame.Report, _numbers[index], _payload.Length);
            Statistics.Transmissions++;
            SendFrame(Upstream, HanFrameKind.Zcl, MeterTrafficFrame.ClusterId, Configuration.HubEui, _payload, 0, _writer.Written);
        }

        private void RemoveAt(int index)
        {
            for (int i = index + 1; i < _count; i++)
            {
                _numbers[i - 1] = _numbers[i];
                _firstSentMs[i - 1] = _firstSentMs[i];
                _lastSentMs[i - 1] = _lastSentMs[i];
            }

            _count--;
        }
    }
}
