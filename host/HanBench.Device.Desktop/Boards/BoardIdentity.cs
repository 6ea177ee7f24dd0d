using System.Globalization;

namespace HanBench.Device.Desktop.Boards;

/// <summary>How a virtual board names itself in logs and directories: its EUI-64 as DUIS writes it.</summary>
public static class BoardIdentity
{
    /// <summary>Eight upper-case hex octets joined by hyphens, most significant first (<c>00-DB-12-34-56-78-90-A4</c>).</summary>
    public static string Format(ulong eui64)
    {
        var text = new System.Text.StringBuilder(23);
        for (int shift = 56; shift >= 0; shift -= 8)
        {
            if (text.Length > 0)
            {
                text.Append('-');
            }

            text.Append(((byte)(eui64 >> shift)).ToString("X2", CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }
}
