using System;
using System.Device.Gpio;
using System.Threading;
using HanBench.Device.Configuration;
using HanBench.Device.Hal;
using HanBench.Device.Storage;

namespace HanBench.Firmware.Esp32.Hal
{
    /// <summary>
    /// Builds the board's services from the role configuration: one GPIO controller (<c>new GpioController()</c>,
    /// System.Device.Gpio GpioController.cs) for the LED and the button, the settings store on <c>I:</c>, the image store
    /// the profile chose, and one UART per link. Everything is allocated here, once, at start-up.
    /// </summary>
    internal sealed class BoardHal
    {
        /// <summary>
        /// The LED pin used before a configuration is known, on plain-ESP32 targets only: GPIO23 is the external LED of
        /// both plain-ESP32 profiles in boards/ (esp32-devkitc, esp32-devkitc-wrover-n8r8). S3, C3 and C6 DevKits carry an
        /// addressable LED this build cannot drive.
        /// </summary>
        public const int FallbackLedGpio = 23;

        private BoardHal(IIndicator indicator, ISettingsStore settings, IImageStore images, IUserButton button, UartPort[] ports)
        {
            Indicator = indicator;
            Settings = settings;
            Images = images;
            Button = button;
            Ports = ports;
        }

        /// <summary>The status LED.</summary>
        public IIndicator Indicator { get; }

        /// <summary>Persistent settings on <c>I:</c>.</summary>
        public ISettingsStore Settings { get; }

        /// <summary>Whole-image store on the drive, or the digest-only store.</summary>
        public IImageStore Images { get; }

        /// <summary>The user button.</summary>
        public IUserButton Button { get; }

        /// <summary>The links' UARTs, in the configuration's order.</summary>
        public UartPort[] Ports { get; }

        /// <summary>
        /// Builds the HAL; on failure returns null with the indicator to show the error on (always set) and the reason.
        /// </summary>
        public static BoardHal? TryCreate(RoleConfigFile config, IClock clock, IDeviceLog log, AutoResetEvent dataReady, out IIndicator indicator, out string error)
        {
            error = string.Empty;
            GpioController gpio = new GpioController();
            indicator = CreateIndicator(gpio, config.LedKind == LedKind.Gpio, config.LedGpio, config.LedActiveHigh, clock, log);
            IUserButton button;
            try
            {
                button = new GpioButton(gpio, config.ButtonGpio, config.ButtonActiveLow);
            }
            catch (Exception e)
            {
                error = "button on GPIO" + config.ButtonGpio.ToString() + ": " + e.Message;
                return null;
            }

            // Settings always live on the internal drive; only images may go to an SD card.
            DriveSettingsStore? settings = DriveSettingsStore.TryOpen("I:", log);
            if (settings == null)
            {
                error = "the settings store on I: cannot be opened";
                return null;
            }

            IImageStore? images;
            if (config.StorageKind == ImageStorageKind.DigestOnly)
            {
                images = new DigestOnlyImageStore(settings, new Sha256StreamingHash());
            }
            else if (config.Drive == "I:")
            {
                images = DriveImageStore.TryOpen(config.Drive, log);
            }
            else
            {
                error = "the SD card drive " + config.Drive + " is not mounted by this build (nanoFramework SDCard support is not wired yet)";
                return null;
            }

            if (images == null)
            {
                error = "the image store on " + config.Drive + " cannot be opened";
                return null;
            }

            UartPort[] ports = new UartPort[config.LinkCount];
            for (int i = 0; i < ports.Length; i++)
            {
                UartPort? port = UartPort.TryOpen(config.GetLink(i), dataReady, log);
                if (port == null)
                {
                    error = "link " + config.GetLink(i).Name + " on " + config.GetLink(i).Port + " cannot be opened";
                    return null;
                }

                ports[i] = port;
            }

            return new BoardHal(indicator, settings, images, button, ports);
        }

        /// <summary>An indicator for the time before (or without) a valid configuration; see <see cref="FallbackLedGpio"/>.</summary>
        public static IIndicator CreateFallbackIndicator(IClock clock, IDeviceLog log)
        {
            string target = BoardPower.TargetName();
            bool plainEsp32 = target.StartsWith("ESP32_") && !target.StartsWith("ESP32_S") && !target.StartsWith("ESP32_C") && !target.StartsWith("ESP32_H");
            return CreateIndicator(new GpioController(), plainEsp32, FallbackLedGpio, true, clock, log);
        }

        private static IIndicator CreateIndicator(GpioController gpio, bool plainLed, int pin, bool activeHigh, IClock clock, IDeviceLog log)
        {
            if (!plainLed)
            {
                return new LogIndicator(log);
            }

            try
            {
                return new GpioLed(gpio, pin, activeHigh, clock);
            }
            catch (Exception e)
            {
                log.Write(LogLevel.Warning, "LED on GPIO" + pin.ToString() + " unavailable (" + e.Message + "): logging indicator states instead");
                return new LogIndicator(log);
            }
        }
    }
}
