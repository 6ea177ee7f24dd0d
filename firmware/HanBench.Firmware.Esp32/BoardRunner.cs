using System;
using System.Threading;
using HanBench.Device.Configuration;
using HanBench.Device.Hal;
using HanBench.Device.Roles;
using HanBench.Firmware.Esp32.Glue;
using HanBench.Protocol.Han;

namespace HanBench.Firmware.Esp32
{
    /// <summary>
    /// The board's run loop, on the main thread: drains the links into their deframers and hands each good frame to the
    /// role, ticks the role when its <see cref="IDeviceRole.NextWakeMs"/> comes, polls the button, then sleeps in
    /// <c>WaitHandle.WaitAny</c> (CoreLibrary System/Threading/WaitHandle.cs: <c>WaitAny(WaitHandle[], int, bool)</c>)
    /// until bytes arrive (the UARTs' DataReceived handlers set the <c>AutoResetEvent</c>,
    /// AutoResetEvent.cs), the role's wake time, or the next button poll, whichever is first. Receiving thus runs on the
    /// serial event thread only as far as a signal; every role call is on this one thread, as IDeviceRole requires.
    /// All buffers are allocated in the constructor.
    /// </summary>
    internal sealed class BoardRunner
    {
        /// <summary>Button poll period: fine enough for the 50 ms debounce and a 3 s hold (HanBench choice).</summary>
        public const int ButtonPollMs = 50;

        /// <summary>Bytes read from a UART at a time (a 1,044-byte frame arrives in a few reads; HanBench choice).</summary>
        public const int ReceiveChunkBytes = 256;

        /// <summary>Reads per link per pass, so a flooding link cannot starve ticks and the other link.</summary>
        public const int MaxReadsPerPass = 8;

        private readonly IClock _clock;
        private readonly IDeviceLog _log;
        private readonly IIndicator _indicator;
        private readonly IUserButton? _button;
        private readonly ButtonHoldDetector _hold = new ButtonHoldDetector();
        private readonly WaitHandle[] _waitHandles;
        private readonly byte[] _receive = new byte[ReceiveChunkBytes];
        private IBytePort[] _ports = new IBytePort[0];
        private IFrameLink[] _links = new IFrameLink[0];
        private StreamDeframer[] _deframers = new StreamDeframer[0];
        private IDeviceRole? _role;
        private ISettingsStore? _settings;
        private IImageStore? _images;

        /// <summary>
        /// A loop with no role yet; <paramref name="button"/> may be null (no configuration, no button);
        /// <paramref name="dataReady"/> is the event the UARTs set whenever bytes arrive.
        /// </summary>
        public BoardRunner(IClock clock, IDeviceLog log, IIndicator indicator, IUserButton? button, AutoResetEvent dataReady)
        {
            _clock = clock;
            _log = log;
            _indicator = indicator;
            _button = button;
            _waitHandles = new WaitHandle[] { dataReady };
        }

        /// <summary>Attaches the role and its links (configuration order); the stores are what the button clears.</summary>
        public void Attach(IDeviceRole? role, IBytePort[] ports, IFrameLink[] links, ISettingsStore settings, IImageStore images)
        {
            _role = role;
            _ports = ports;
            _links = links;
            _settings = settings;
            _images = images;
            _deframers = new StreamDeframer[ports.Length];
            for (int i = 0; i < ports.Length; i++)
            {
                _deframers[i] = new StreamDeframer();
            }
        }

        /// <summary>
        /// At boot, before the role starts: while the button is held, waits for the 3 s hold (clearing the state) or for
        /// the release. Returns true when the state was cleared.
        /// </summary>
        public bool CheckBootHold()
        {
            if (_button == null || _settings == null || _images == null || !_button.IsPressed)
            {
                return false;
            }

            _log.Write(LogLevel.Info, "button held at boot: keep holding 3 s to clear the state");
            while (true)
            {
                bool pressed = _button.IsPressed;
                if (_hold.Update(_clock.NowMs, pressed))
                {
                    StateReset.Clear(_settings, _images, _log);
                    return true;
                }

                if (!pressed && !_hold.IsPressed)
                {
                    return false;
                }

                Thread.Sleep(ButtonPollMs);
            }
        }

        /// <summary>Runs forever: the role if there is one, else the safe idle (LED already showing why, button still live).</summary>
        public void Run()
        {
            if (_role != null)
            {
                Guard(StartRole);
            }

            while (true)
            {
                if (_button != null && _settings != null && _images != null && _hold.Update(_clock.NowMs, _button.IsPressed))
                {
                    StateReset.Clear(_settings, _images, _log);
                    Hal.BoardPower.Reboot();
                }

                if (_role != null)
                {
                    Guard(DrainLinks);
                    if (_clock.NowMs >= _role.NextWakeMs)
                    {
                        Guard(TickRole);
                    }
                }

                WaitHandle.WaitAny(_waitHandles, SleepMs(), false);
            }
        }

        private int SleepMs()
        {
            long wake = _role == null ? WakeTime.Never : _role.NextWakeMs;
            if (wake == WakeTime.Never)
            {
                return ButtonPollMs;
            }

            long delay = wake - _clock.NowMs;
            if (delay <= 0)
            {
                return 0;
            }

            return delay < ButtonPollMs ? (int)delay : ButtonPollMs;
        }

        private void StartRole()
        {
            _role!.Start(_clock.NowMs);
        }

        private void TickRole()
        {
            _role!.Tick(_clock.NowMs);
        }

        private void DrainLinks()
        {
            for (int i = 0; i < _ports.Length; i++)
            {
                for (int reads = 0; reads < MaxReadsPerPass; reads++)
                {
                    int count = _ports[i].ReadAvailable(_receive, 0, _receive.Length);
                    if (count <= 0)
                    {
                        break;
                    }

                    int offset = 0;
                    while (offset < count)
                    {
                        offset += _deframers[i].Feed(_receive, offset, count - offset);
                        if (_deframers[i].FrameReady)
                        {
                            _role!.OnFrame(_links[i], _deframers[i].Frame);
                        }
                    }
                }
            }
        }

        private void Guard(Action step)
        {
            try
            {
                step();
            }
            catch (Exception e)
            {
                // A role bug must not stop the board: show it, log it, keep serving the other events.
                _indicator.Show(IndicatorState.Error);
                _log.Write(LogLevel.Error, "role failed: " + e.Message);
            }
        }
    }
}
