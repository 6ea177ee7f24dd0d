using System.Xml;

namespace HanBench.Host.Serve;

/// <summary>How a document measured against <see cref="DuisServerLimits"/>.</summary>
public enum XmlShape
{
    /// <summary>Within the limits (or not well-formed: the DUIS processor reports that with its own message).</summary>
    WithinLimits,

    /// <summary>Nested deeper than <see cref="DuisServerLimits.MaxDepth"/>.</summary>
    TooDeep,

    /// <summary>More than <see cref="DuisServerLimits.MaxElements"/> elements.</summary>
    TooManyElements,
}

/// <summary>
/// A forward-only pass over request XML before anything builds a DOM or validates it: the schema validator and
/// XDocument cost far more per element than this reader (issue 9: a 100,000-deep request took 64 s of CPU), so
/// the shape is bounded here first and the pass stops at the first element past a limit.
/// </summary>
public static class XmlShapeCheck
{
    /// <summary>Measures <paramref name="xml"/>; <paramref name="problem"/> names the limit passed, if one was.</summary>
    public static XmlShape Measure(string xml, DuisServerLimits limits, CancellationToken cancellationToken, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(xml);
        ArgumentNullException.ThrowIfNull(limits);
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreWhitespace = true,
            IgnoreProcessingInstructions = true,
        };
        int elements = 0;
        try
        {
            using XmlReader reader = XmlReader.Create(new StringReader(xml), settings);
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                if (reader.Depth >= limits.MaxDepth)
                {
                    problem = $"the request nests elements more than {limits.MaxDepth} deep (line {LineOf(reader)})";
                    return XmlShape.TooDeep;
                }

                if (++elements > limits.MaxElements)
                {
                    problem = $"the request has more than {limits.MaxElements} elements";
                    return XmlShape.TooManyElements;
                }

                if ((elements & 0xFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
        }
        catch (XmlException)
        {
            // Not well-formed: the processor's own parse names the problem; the shape up to here was within limits.
        }

        problem = null;
        return XmlShape.WithinLimits;
    }

    private static int LineOf(XmlReader reader) => reader is IXmlLineInfo info ? info.LineNumber : 0;
}
