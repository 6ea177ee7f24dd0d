using System.Globalization;
using System.Text;
using System.Xml;

namespace HanBench.Bench.Hil;

/// <summary>
/// Writes a <see cref="BenchReport"/> as JUnit XML, the form CI systems read (Jenkins, GitLab, GitHub test reporters):
/// <c>testsuites</c> › one <c>testsuite</c> per bench › one <c>testcase</c> per device step, <c>classname</c> =
/// bench.device, <c>name</c> = the step; a failed step has a <c>failure</c> (message = the reason, body = what was
/// observed) and the device log in <c>system-out</c>. Control characters XML cannot carry are replaced.
/// </summary>
public static class JUnitReport
{
    /// <summary>The XML text.</summary>
    public static string ToXml(BenchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), OmitXmlDeclaration = false };
        using (var writer = XmlWriter.Create(new StringWriterUtf8(text), settings))
        {
            CultureInfo inv = CultureInfo.InvariantCulture;
            string tests = report.Cases.Count.ToString(inv);
            string failures = report.Failures.ToString(inv);
            string time = report.Seconds.ToString("F3", inv);
            writer.WriteStartDocument();
            writer.WriteStartElement("testsuites");
            writer.WriteAttributeString("name", "hanbench bench run");
            writer.WriteAttributeString("tests", tests);
            writer.WriteAttributeString("failures", failures);
            writer.WriteAttributeString("errors", "0");
            writer.WriteAttributeString("time", time);
            writer.WriteStartElement("testsuite");
            writer.WriteAttributeString("name", report.Name);
            writer.WriteAttributeString("tests", tests);
            writer.WriteAttributeString("failures", failures);
            writer.WriteAttributeString("errors", "0");
            writer.WriteAttributeString("skipped", "0");
            writer.WriteAttributeString("time", time);
            writer.WriteAttributeString("timestamp", report.Started.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", inv));
            writer.WriteAttributeString("hostname", Clean(Environment.MachineName));
            writer.WriteStartElement("properties");
            foreach (KeyValuePair<string, string> property in report.Properties)
            {
                writer.WriteStartElement("property");
                writer.WriteAttributeString("name", Clean(property.Key));
                writer.WriteAttributeString("value", Clean(property.Value));
                writer.WriteEndElement();
            }

            writer.WriteEndElement();
            foreach (BenchCaseResult result in report.Cases)
            {
                writer.WriteStartElement("testcase");
                writer.WriteAttributeString("classname", Clean($"{report.Name}.{result.Device}"));
                writer.WriteAttributeString("name", Clean(result.Step));
                writer.WriteAttributeString("time", result.Seconds.ToString("F3", inv));
                if (!result.Passed)
                {
                    writer.WriteStartElement("failure");
                    writer.WriteAttributeString("message", Clean(result.Failure!));
                    writer.WriteAttributeString("type", "expectation");
                    writer.WriteString(Clean(result.Details ?? result.Failure!));
                    writer.WriteEndElement();
                }

                if (result.Output is not null || result.DeviceLog is not null)
                {
                    string output = result.Output is null ? result.DeviceLog! : result.DeviceLog is null ? result.Output : result.Output + Environment.NewLine + result.DeviceLog;
                    writer.WriteElementString("system-out", Clean(output));
                }

                writer.WriteEndElement();
            }

            writer.WriteEndElement();
            writer.WriteEndElement();
            writer.WriteEndDocument();
        }

        return text.ToString();
    }

    /// <summary>Writes <see cref="ToXml"/> to <paramref name="path"/> (UTF-8 without BOM), creating its folder.</summary>
    public static void Write(BenchReport report, string path)
    {
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        File.WriteAllText(path, ToXml(report), new UTF8Encoding(false));
    }

    /// <summary>XML 1.0 cannot carry most control characters: a device log with line noise would break the file.</summary>
    private static string Clean(string text)
    {
        var clean = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            clean.Append(c is '\t' or '\n' or '\r' || (c >= 0x20 && !char.IsSurrogate(c) && c != '\uFFFE' && c != '\uFFFF') ? c : '?');
        }

        return clean.ToString();
    }

    private sealed class StringWriterUtf8(StringBuilder builder) : StringWriter(builder, CultureInfo.InvariantCulture)
    {
        public override Encoding Encoding => new UTF8Encoding(false);
    }
}
