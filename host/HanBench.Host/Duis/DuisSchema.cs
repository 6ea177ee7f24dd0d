using System.Text;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace HanBench.Host.Duis;

/// <summary>
/// The DUIS XML Schema the user supplies (e.g. "DUIS Schema V5.4.xsd"), compiled with the schemas it imports
/// from its own folder ("MMC Schema V5.4.xsd" for the ResponseAndAlert namespace, "xmldsig-core-schema.xsd" for
/// XML Signature). The DUIS 5.4 distribution does not ship the XML Signature schema; when it is missing beside
/// the DUIS schema, HanBench substitutes a declaration of <c>ds:Signature</c> that accepts any content, so
/// every DUIS element is still checked and only the signature's inner structure is not
/// (<see cref="UsesSignatureStandIn"/>).
/// </summary>
public sealed class DuisSchema
{
    /// <summary>The file name DUIS imports for the XML Signature namespace.</summary>
    public const string SignatureSchemaFileName = "xmldsig-core-schema.xsd";

    private const string SignatureStandIn = """
        <?xml version="1.0" encoding="UTF-8"?>
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://www.w3.org/2000/09/xmldsig#" elementFormDefault="qualified">
          <xs:element name="Signature">
            <xs:complexType>
              <xs:sequence>
                <xs:any namespace="##any" processContents="skip" minOccurs="0" maxOccurs="unbounded"/>
              </xs:sequence>
              <xs:anyAttribute namespace="##any" processContents="skip"/>
            </xs:complexType>
          </xs:element>
        </xs:schema>
        """;

    private readonly XmlSchemaSet _schemas;

    private DuisSchema(XmlSchemaSet schemas, string path, bool usesSignatureStandIn)
    {
        _schemas = schemas;
        Path = path;
        UsesSignatureStandIn = usesSignatureStandIn;
    }

    /// <summary>The schema file loaded.</summary>
    public string Path { get; }

    /// <summary>Whether HanBench's stand-in replaced a missing <see cref="SignatureSchemaFileName"/>.</summary>
    public bool UsesSignatureStandIn { get; }

    /// <summary>Loads and compiles the schema at <paramref name="xsdPath"/> and everything it imports.</summary>
    /// <exception cref="FileNotFoundException">No file at the path.</exception>
    /// <exception cref="XmlSchemaException">The schema (or an import) does not compile.</exception>
    public static DuisSchema Load(string xsdPath)
    {
        string full = System.IO.Path.GetFullPath(xsdPath);
        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"DUIS schema not found: {xsdPath}", xsdPath);
        }

        var resolver = new StandInResolver();
        var schemas = new XmlSchemaSet { XmlResolver = resolver };
        var readerSettings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = resolver };
        using (XmlReader reader = XmlReader.Create(full, readerSettings))
        {
            schemas.Add(null, reader);
        }

        schemas.Compile();
        return new DuisSchema(schemas, full, resolver.SubstitutedSignature);
    }

    /// <summary>Validates XML text; returns the errors (empty when valid), each with its line and column.</summary>
    public IReadOnlyList<string> Validate(string xml)
    {
        var errors = new List<string>();
        try
        {
            using XmlReader reader = XmlReader.Create(new StringReader(xml), ValidatingSettings(errors));
            while (reader.Read())
            {
            }
        }
        catch (XmlException e)
        {
            errors.Add($"not well-formed XML: {e.Message}");
        }

        return errors;
    }

    /// <summary>
    /// Loads XML text into a document, validating it in the same pass: the errors are those of
    /// <see cref="Validate(string)"/>; the document is null when the text is not well-formed.
    /// </summary>
    public XDocument? Load(string xml, out IReadOnlyList<string> errors)
    {
        var found = new List<string>();
        errors = found;
        try
        {
            using XmlReader reader = XmlReader.Create(new StringReader(xml), ValidatingSettings(found));
            return XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            found.Add($"not well-formed XML: {e.Message}");
            return null;
        }
    }

    /// <summary>Validates a document HanBench built; returns the errors (empty when valid).</summary>
    public IReadOnlyList<string> Validate(XDocument document)
    {
        var errors = new List<string>();
        document.Validate(_schemas, (_, e) =>
        {
            if (e.Severity == XmlSeverityType.Error)
            {
                errors.Add(e.Message);
            }
        });
        return errors;
    }

    /// <summary>Reader settings that validate against the schema (DTDs refused), adding each error with its line and column.</summary>
    private XmlReaderSettings ValidatingSettings(List<string> errors)
    {
        var settings = new XmlReaderSettings
        {
            ValidationType = ValidationType.Schema,
            Schemas = _schemas,
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
        };
        settings.ValidationEventHandler += (_, e) =>
        {
            if (e.Severity == XmlSeverityType.Error)
            {
                errors.Add($"line {e.Exception.LineNumber}, column {e.Exception.LinePosition}: {e.Message}");
            }
        };
        return settings;
    }

    /// <summary>Resolves imports from disk; answers a missing XML Signature schema with the stand-in.</summary>
    private sealed class StandInResolver : XmlUrlResolver
    {
        public bool SubstitutedSignature { get; private set; }

        public override object? GetEntity(Uri absoluteUri, string? role, Type? ofObjectToReturn)
        {
            if (absoluteUri.IsFile
                && !File.Exists(absoluteUri.LocalPath)
                && string.Equals(System.IO.Path.GetFileName(absoluteUri.LocalPath), SignatureSchemaFileName, StringComparison.OrdinalIgnoreCase))
            {
                SubstitutedSignature = true;
                return new MemoryStream(Encoding.UTF8.GetBytes(SignatureStandIn));
            }

            return base.GetEntity(absoluteUri, role, ofObjectToReturn);
        }
    }
}
