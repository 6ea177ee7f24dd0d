using System.Collections;
using HanBench.Device.Hal;

namespace HanBench.Device.Memory
{
    /// <summary>
    /// Settings held in RAM: for tests, and for a virtual board whose state need not outlive the process. Keep one instance
    /// across a simulated restart to model flash. Rewriting a value of the same length reuses its array, so a role that
    /// saves a resume offset or a counter again and again allocates nothing.
    /// </summary>
    public sealed class MemorySettingsStore : ISettingsStore
    {
        private readonly Hashtable _values = new Hashtable();

        /// <summary>Number of keys held.</summary>
        public int Count => _values.Count;

        /// <summary>Number of successful writes since creation (a stand-in for flash wear in benchmarks).</summary>
        public long WriteCount { get; private set; }

        /// <summary>
        /// Tests of power loss: writes and deletes still allowed before the power is cut (each one taken counts down); at
        /// 0 every later write or delete fails with <see cref="StoreStatus.StorageFailure"/> and changes nothing, as
        /// flash that lost its power would. Negative (the default): never cut.
        /// </summary>
        public long WritesBeforePowerCut { get; set; } = -1;

        /// <summary>Tests of a store that fails to erase: while set, every delete fails with <see cref="StoreStatus.StorageFailure"/>.</summary>
        public bool DeletesRefused { get; set; }

        /// <inheritdoc />
        public StoreStatus TryRead(string key, byte[] buffer, int offset, out int length)
        {
            length = 0;
            if (!StoreKey.IsValid(key))
            {
                return StoreStatus.InvalidKey;
            }

            if (buffer == null)
            {
                throw new System.ArgumentNullException(nameof(buffer));
            }

            byte[]? value = (byte[]?)_values[key];
            if (value == null)
            {
                return StoreStatus.NotFound;
            }

            length = value.Length;
            if (offset < 0 || offset > buffer.Length)
            {
                throw new System.ArgumentOutOfRangeException(nameof(offset));
            }

            if (buffer.Length - offset < value.Length)
            {
                return StoreStatus.BufferTooSmall;
            }

            System.Array.Copy(value, 0, buffer, offset, value.Length);
            return StoreStatus.Ok;
        }

        /// <inheritdoc />
        public StoreStatus Write(string key, byte[] value, int offset, int count)
        {
            if (!StoreKey.IsValid(key))
            {
                return StoreStatus.InvalidKey;
            }

            if (value == null)
            {
                throw new System.ArgumentNullException(nameof(value));
            }

            if (offset < 0 || count < 0 || offset > value.Length - count)
            {
                throw new System.ArgumentOutOfRangeException(nameof(count));
            }

            if (count > StoreKey.MaxValueLength)
            {
                return StoreStatus.ValueTooLong;
            }

            if (PowerCut())
            {
                return StoreStatus.StorageFailure;
            }

            byte[]? held = (byte[]?)_values[key];
            if (held == null || held.Length != count)
            {
                held = new byte[count];
                _values[key] = held;
            }

            System.Array.Copy(value, offset, held, 0, count);
            WriteCount++;
            return StoreStatus.Ok;
        }

        /// <inheritdoc />
        public bool Contains(string key)
        {
            return StoreKey.IsValid(key) && _values.Contains(key);
        }

        /// <inheritdoc />
        public StoreStatus Delete(string key)
        {
            if (!StoreKey.IsValid(key))
            {
                return StoreStatus.InvalidKey;
            }

            if (!_values.Contains(key))
            {
                return StoreStatus.NotFound;
            }

            if (DeletesRefused || PowerCut())
            {
                return StoreStatus.StorageFailure;
            }

            _values.Remove(key);
            return StoreStatus.Ok;
        }

        // True when the power is cut (WritesBeforePowerCut reached 0); otherwise counts one write down.
        private bool PowerCut()
        {
            if (WritesBeforePowerCut == 0)
            {
                return true;
            }

            if (WritesBeforePowerCut > 0)
            {
                WritesBeforePowerCut--;
            }

            return false;
        }

        /// <inheritdoc />
        public string[] Keys()
        {
            string[] keys = new string[_values.Count];
            int i = 0;
            foreach (object key in _values.Keys)
            {
                keys[i++] = (string)key;
            }

            return keys;
        }
    }
}
