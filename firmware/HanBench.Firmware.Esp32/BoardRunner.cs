using System;
using System.Threading;
using HanBench.Device.Configuration;
using HanBench.Device.Hal;
using HanBench.Device.Links;
using HanBench.Device.Roles;
using HanBench.Firmware.Esp32.Glue;

namespace HanBench.Firmware.Esp32
{
    /// <summary>
    /// The board's run loop, on the main thread: drains each port into its own <see cref="StreamFrameLink"/>, which hands
    /// each good frame to the role with that very link object (roles tell links apart by reference), ticks the role when its <see cref="IDeviceRole.NextWakeMs"/> comes, polls the button, then sleeps in
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
        private StreamFrameLink[] _links = new StreamFrameLink[0];
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

        /// <summary>
        /// Attaches the role and its links (configuration order; <paramref name="links"/>[i] writes to
        /// <paramref name="ports"/>[i] and must be the very objects the role was given); the stores are what the button
        /// clears. Received bytes are deframed by each link's own deframer, so no second one is kept here.
        /// </summary>
        public void Attach(IDeviceRole? role, IBytePort[] ports, StreamFrameLink[] links, ISettingsStore settings, IImageStore images)
        {
            if (links.Length != ports.Length)
            {
                throw new ArgumentException("one link per port", nameof(links));
            }

            _role = role;
            _ports = ports;
            _links = links;
            _settings = settings;
            _images = images;
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

                    // The link deframes and calls OnFrame(link, frame) with itself for every good frame in the chunk.
                    _links[i].Receive(_receive, 0, count, _role!);
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
