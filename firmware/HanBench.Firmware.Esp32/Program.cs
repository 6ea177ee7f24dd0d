// HanBench ESP32 app: reads I:\hanbench.json, builds the board's HAL (Hal/, the only place nanoFramework hardware
// classes appear) and runs the configured role on the device core.
//
// Managed heap budget (docs/PLATFORM.md: about 79 KB on a plain ESP32 without PSRAM, about 54 KB on an ESP32-C3 with BLE;
// design figures from the buffer sizes in the code, not measurements — the start-up log prints the real free heap):
//
//   item                                                         bytes    why
//   config file buffer (ConfigFile.MaxBytes, freed after parse)  4,096    once, before anything else is allocated
//   RoleConfigFile + parser (strings, 64-char scratch)                 ~800    parser dropped after start-up
//   per link (at most 2):
//     StreamFrameLink: StreamFramer scratch 1,048 + wire 1,059   ~2,150
//     StreamFrameLink's own deframer Cobs(1,044 + 4) + HanFrame  ~1,100    the run loop feeds it; no second deframer
//     SerialPort, event listener entry                             ~200
//     = ~3,450 x 2                                                6,900
//   receive chunk (BoardRunner.ReceiveChunkBytes)                    256    shared by the links
//   settings value buffer (StoreKey.MaxValueLength + CRC)            644
//   SHA-256 state (digest-only store) or 2 FileStreams (whole)      ~400
//   nanoFramework FileStream.Read/Write copies per call (transient, ≤ one OTA block)  ~1,100
//   GPIO controller, LED pin + Timer, button pin, AutoResetEvent  ~600
//   log lines (transient strings)                                ~1,000
//   subtotal, app and HAL                                       ~15,700
//   role state (branch 'roles': OTA engines, GBCS counters; target) 16,000
//   total                                                       ~32,000
//   headroom for the nanoCLR's own objects, fragmentation, peaks ~47,000 on a plain ESP32 (~22,000 on a C3 with BLE)
//
// No firmware image is ever held in RAM: images stream block by block to the drive (DriveImageStore) or through the
// hash (DigestOnlyImageStore), and every per-frame buffer above is allocated once, here, at start-up.

using System;
using System.Threading;
using HanBench.Device.Configuration;
using HanBench.Device.Hal;
using HanBench.Device.Links;
using HanBench.Device.Roles;
using HanBench.Firmware.Esp32.Glue;
using HanBench.Firmware.Esp32.Hal;

namespace HanBench.Firmware.Esp32
{
    /// <summary>The nanoFramework entry point.</summary>
    public static class Program
    {
        /// <summary>Reads the configuration, builds the HAL, runs the role; on any failure shows the error pattern and idles safely.</summary>
        public static void Main()
        {
            BoardClock clock = new BoardClock();
            DebugLog log = new DebugLog(clock, LogLevel.Info);
            log.Write(LogLevel.Info, "HanBench app on " + BoardPower.TargetName() + ", free heap " + BoardPower.FreeHeapBytes().ToString() + " bytes");

            RoleConfigFile config = new RoleConfigFile();
            string? problem = ReadConfiguration(config);
            if (problem != null)
            {
                // No configuration, so no known LED or button: the fallback LED (plain ESP32 only) and the log say why.
                IIndicator fallback = BoardHal.CreateFallbackIndicator(clock, log);
                SafeIdle(clock, log, fallback, null, problem);
                return;
            }

            log.Write(LogLevel.Info, "role " + config.RoleName + " on board " + config.Board + ", " + config.LinkCount.ToString() + " link(s)");
            // One event for all links, set by their DataReceived handlers, waited on by the run loop.
            AutoResetEvent dataReady = new AutoResetEvent(false);
            BoardHal? hal = BoardHal.TryCreate(config, clock, log, dataReady, out IIndicator indicator, out string halError);
            if (hal == null)
            {
                SafeIdle(clock, log, indicator, null, "the board cannot be set up: " + halError);
                return;
            }

            BoardRunner runner = new BoardRunner(clock, log, hal.Indicator, hal.Button, dataReady);
            // One StreamFrameLink per port, held twice: typed for the runner (which feeds it received bytes) and as
            // IFrameLink for the role; the same objects, so OnFrame names the link the role was built with.
            StreamFrameLink[] streamLinks = new StreamFrameLink[hal.Ports.Length];
            IFrameLink[] links = new IFrameLink[hal.Ports.Length];
            IBytePort[] ports = new IBytePort[hal.Ports.Length];
            for (int i = 0; i < links.Length; i++)
            {
                ports[i] = hal.Ports[i];
                streamLinks[i] = LinkGlue.Create(hal.Ports[i]);
                links[i] = streamLinks[i];
            }

            runner.Attach(null, ports, streamLinks, hal.Settings, hal.Images);
            runner.CheckBootHold();
            ImportCredentials(config.Eui64, hal.Settings, log);
            DeviceContext context = new DeviceContext(clock, hal.Images, hal.Settings, hal.Indicator, log);
            context.Random = new BoardRandom(hal.Settings, config.Eui64);
            IDeviceRole? role = RoleGlue.Create(config, config.Eui64, context, links, out string reason);
            if (role == null)
            {
                hal.Indicator.Show(IndicatorState.Error);
                log.Write(LogLevel.Error, "hanbench: " + reason + "; idling (hold the button 3 s to clear the state)");
            }
            else
            {
                log.Write(LogLevel.Info, "hanbench: running " + config.RoleName + ", free heap " + BoardPower.FreeHeapBytes().ToString() + " bytes");
            }

            runner.Attach(role, ports, streamLinks, hal.Settings, hal.Images);
            runner.Run();
        }

        /// <summary>
        /// Moves the credentials 'hanbench flash' put on I: into the settings store and deletes the file
        /// (<see cref="ProvisionedCredentials"/>); a file that is not a record for this board is left and logged.
        /// </summary>
        private static void ImportCredentials(ulong eui64, ISettingsStore settings, IDeviceLog log)
        {
            string path = "I:\\" + ProvisionedCredentials.FileName;
            byte[]? file = ConfigFile.TryRead(path, out int length, out string readError);
            if (file == null && readError == ConfigFile.NotFound)
            {
                return;
            }

            string? problem = file == null ? readError : ProvisionedCredentials.Import(file, 0, length, eui64, settings);
            if (problem != null)
            {
                log.Write(LogLevel.Error, "hanbench: credentials in " + path + " refused: " + problem);
                return;
            }

            try
            {
                DriveFiles.DeleteIfExists(path);
            }
            catch (Exception e)
            {
                log.Write(LogLevel.Warning, "hanbench: credentials stored, but " + path + " could not be deleted: " + DriveFiles.Describe(e));
                return;
            }

            log.Write(LogLevel.Info, "hanbench: credentials provisioned from " + path);
        }

        /// <summary>Reads and parses <see cref="RoleConfigFile.DevicePath"/>; null when <paramref name="config"/> is valid, else the log line.</summary>
        private static string? ReadConfiguration(RoleConfigFile config)
        {
            byte[]? file = ConfigFile.TryRead(RoleConfigFile.DevicePath, out int length, out string readError);
            if (file == null)
            {
                return "hanbench: no usable role configuration " + RoleConfigFile.DevicePath + " (" + readError + "): flash the board with 'hanbench flash'";
            }

            RoleConfigParser parser = new RoleConfigParser();
            RoleConfigStatus status = parser.Parse(file, 0, length, config);
            if (status != RoleConfigStatus.Ok)
            {
                return "hanbench: " + RoleConfigFile.DevicePath + " refused: " + StatusName(status)
                    + (parser.ErrorField.Length == 0 ? string.Empty : " at '" + parser.ErrorField + "'")
                    + " (byte " + parser.ErrorOffset.ToString() + "): flash the board again with 'hanbench flash'";
            }

            return null;
        }

        private static void SafeIdle(BoardClock clock, DebugLog log, IIndicator indicator, IUserButton? button, string problem)
        {
            indicator.Show(IndicatorState.Error);
            log.Write(LogLevel.Error, problem);
            BoardRunner idle = new BoardRunner(clock, log, indicator, button, new AutoResetEvent(false));
            idle.Run();
        }

        private static string StatusName(RoleConfigStatus status)
        {
            switch (status)
            {
                case RoleConfigStatus.Empty:
                    return "empty file";
                case RoleConfigStatus.Syntax:
                    return "not valid JSON";
                case RoleConfigStatus.TooDeep:
                    return "nested too deep";
                case RoleConfigStatus.UnknownFormat:
                    return "unknown format (this firmware reads " + RoleConfigFile.CurrentFormat + ")";
                case RoleConfigStatus.MissingField:
                    return "missing member";
                case RoleConfigStatus.DuplicateField:
                    return "duplicate member";
                case RoleConfigStatus.WrongType:
                    return "wrong JSON type";
                case RoleConfigStatus.BadValue:
                    return "value not allowed";
                case RoleConfigStatus.Inconsistent:
                    return "members disagree with the role";
                default:
                    return "refused";
            }
        }
    }
}
