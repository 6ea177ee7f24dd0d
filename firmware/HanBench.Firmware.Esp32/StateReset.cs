using HanBench.Device.Hal;

namespace HanBench.Firmware.Esp32
{
    /// <summary>
    /// The button's "clear state": forgets every setting (versions, counters, resume offsets) and every stored image,
    /// so the role starts as freshly flashed. The role configuration file is not state and stays.
    /// </summary>
    internal static class StateReset
    {
        /// <summary>Clears <paramref name="settings"/> and <paramref name="images"/>; returns how many entries were removed.</summary>
        public static int Clear(ISettingsStore settings, IImageStore images, IDeviceLog log)
        {
            int removed = 0;
            images.Abort();
            string[] keys = settings.Keys();
            for (int i = 0; i < keys.Length; i++)
            {
                removed += settings.Delete(keys[i]) == StoreStatus.Ok ? 1 : 0;
            }

            string[] stored = images.ListImages();
            for (int i = 0; i < stored.Length; i++)
            {
                removed += images.Delete(stored[i]) == StoreStatus.Ok ? 1 : 0;
            }

            log.Write(LogLevel.Warning, "button held 3 s: state cleared (" + removed.ToString() + " settings and images removed)");
            return removed;
        }
    }
}
