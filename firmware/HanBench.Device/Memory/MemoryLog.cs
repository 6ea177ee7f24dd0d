using System.Collections;
using HanBench.Device.Hal;

namespace HanBench.Device.Memory
{
    /// <summary>
    /// A log that keeps its last <see cref="Capacity"/> lines in RAM (oldest dropped first), formatted "LEVEL message":
    /// for tests, and for a board to show its recent history on request.
    /// </summary>
    public sealed class MemoryLog : IDeviceLog
    {
        private readonly Queue _lines = new Queue();

        /// <summary>A log keeping <paramref name="capacity"/> lines at or above <paramref name="minimumLevel"/>.</summary>
        public MemoryLog(int capacity, LogLevel minimumLevel)
        {
            if (capacity <= 0)
            {
                throw new System.ArgumentOutOfRangeException(nameof(capacity));
            }

            Capacity = capacity;
            MinimumLevel = minimumLevel;
        }

        /// <summary>Most lines kept.</summary>
        public int Capacity { get; }

        /// <summary>Lines below this level are not kept.</summary>
        public LogLevel MinimumLevel { get; set; }

        /// <summary>Lines written at <see cref="LogLevel.Error"/> since creation (kept or not).</summary>
        public int ErrorCount { get; private set; }

        /// <summary>Lines kept now.</summary>
        public int Count => _lines.Count;

        /// <inheritdoc />
        public bool IsEnabled(LogLevel level)
        {
            return level >= MinimumLevel;
        }

        /// <inheritdoc />
        public void Write(LogLevel level, string message)
        {
            if (level == LogLevel.Error)
            {
                ErrorCount++;
            }

            if (!IsEnabled(level))
            {
                return;
            }

            if (_lines.Count == Capacity)
            {
                _lines.Dequeue();
            }

            _lines.Enqueue(LevelName(level) + " " + message);
        }

        /// <summary>The kept lines, oldest first.</summary>
        public string[] Lines()
        {
            string[] lines = new string[_lines.Count];
            int i = 0;
            foreach (object line in _lines)
            {
                lines[i++] = (string)line;
            }

            return lines;
        }

        /// <summary>True when a kept line contains <paramref name="text"/>.</summary>
        public bool Contains(string text)
        {
            foreach (object line in _lines)
            {
                if (((string)line).IndexOf(text) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The fixed-width name a line starts with.</summary>
        public static string LevelName(LogLevel level)
        {
            switch (level)
            {
                case LogLevel.Debug:
                    return "DEBUG";
                case LogLevel.Info:
                    return "INFO ";
                case LogLevel.Warning:
                    return "WARN ";
                default:
                    return "ERROR";
            }
        }
    }
}
