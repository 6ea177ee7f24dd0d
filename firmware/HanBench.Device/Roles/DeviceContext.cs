using HanBench.Device.Hal;

namespace HanBench.Device.Roles
{
    /// <summary>
    /// The board services every role is built with (links are passed to each role separately, since a Comms Hub or a
    /// bridge has two). Made once at boot by whoever runs the role; a simulated restart makes a new role with the same
    /// stores, exactly as a board keeps its flash.
    /// </summary>
    public sealed class DeviceContext
    {
        /// <summary>Bundles the services; none may be null.</summary>
        public DeviceContext(IClock clock, IImageStore images, ISettingsStore settings, IIndicator indicator, IDeviceLog log)
        {
            if (clock == null)
            {
                throw new System.ArgumentNullException(nameof(clock));
            }

            if (images == null)
            {
                throw new System.ArgumentNullException(nameof(images));
            }

            if (settings == null)
            {
                throw new System.ArgumentNullException(nameof(settings));
            }

            if (indicator == null)
            {
                throw new System.ArgumentNullException(nameof(indicator));
            }

            if (log == null)
            {
                throw new System.ArgumentNullException(nameof(log));
            }

            Clock = clock;
            Images = images;
            Settings = settings;
            Indicator = indicator;
            Log = log;
        }

        /// <summary>The device's millisecond clock.</summary>
        public IClock Clock { get; }

        /// <summary>Firmware images.</summary>
        public IImageStore Images { get; }

        /// <summary>Persistent key/value state.</summary>
        public ISettingsStore Settings { get; }

        /// <summary>The status LED.</summary>
        public IIndicator Indicator { get; }

        /// <summary>The log.</summary>
        public IDeviceLog Log { get; }

        /// <summary>
        /// The board's random source (CS02c key pairs), or null: roles then use a deterministic one seeded from the
        /// device's identity and kept in <see cref="Settings"/> (virtual boards, tests).
        /// </summary>
        public IRandomSource? Random { get; set; }
    }
}
