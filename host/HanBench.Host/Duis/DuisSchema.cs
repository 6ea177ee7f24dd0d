using System.Text;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace HanBench.Host.Duis;

/// <summary>
/// The DUIS XML Schema the user supplies (e.g. "DUIS Schema V5.4.xsd"), compiled with the schemas it imports
/// from its own folder ("MMC Schema V5.4.xsd" for the ResponseAndAlert namespace, "xmldsig-core-schema.xsd" for
/// XML Signature). The W3C XML Signature schema is taken from the path given (<c>serve --xmldsig-schema</c>) or from
/// beside the DUIS schema; it carries an internal DTD subset, so that one trusted file is read with DTD processing
/// allowed (entities expanded, nothing fetched) and handed to the schema set without its DOCTYPE. Where it is not
/// found, HanBench substitutes a declaration of <c>ds:Signature</c> that accepts any content, so every DUIS element
/// is still checked and only the signature's inner structure is not (<see cref="UsesSignatureStandIn"/>); the
/// signature itself is always checked by <see cref="DuisXmlSignature"/>.
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
    /// <param name="xsdPath">"DUIS Schema V5.4.xsd".</param>
    /// <param name="signatureSchemaPath">xmldsig-core-schema.xsd, if not beside the DUIS schema.</param>
    /// <exception cref="FileNotFoundException">No file at a path.</exception>
    /// <exception cref="XmlSchemaException">The schema (or an import) does not compile.</exception>
    public static DuisSchema Load(string xsdPath, string? signatureSchemaPath = null)
    {
        string full = System.IO.Path.GetFullPath(xsdPath);
        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"DUIS schema not found: {xsdPath}", xsdPath);
        }

        if (signatureSchemaPath is not null && !File.Exists(signatureSchemaPath))
        {
            throw new FileNotFoundException($"XML Signature schema not found: {signatureSchemaPath}", signatureSchemaPath);
        }

        var resolver = new StandInResolver(signatureSchemaPath is null ? null : System.IO.Path.GetFullPath(signatureSchemaPath));
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

    /// <summary>
    /// Resolves imports from local files only; the XML Signature schema from the given path (or beside the DUIS schema)
    /// with its internal DTD subset expanded, or the stand-in when there is none.
    /// </summary>
    private sealed class StandInResolver(string? signatureSchemaPath) : XmlUrlResolver
    {
        public bool SubstitutedSignature { get; private set; }

        public override object? GetEntity(Uri absoluteUri, string? role, Type? ofObjectToReturn)
        {
            if (!absoluteUri.IsFile)
            {
                throw new XmlSchemaException($"refusing to fetch {absoluteUri}: DUIS schema imports are resolved from local files only");
            }

            if (string.Equals(System.IO.Path.GetFileName(absoluteUri.LocalPath), SignatureSchemaFileName, StringComparison.OrdinalIgnoreCase))
            {
                string? path = signatureSchemaPath ?? (File.Exists(absoluteUri.LocalPath) ? absoluteUri.LocalPath : null);
                if (path is null)
                {
                    SubstitutedSignature = true;
                    return new MemoryStream(Encoding.UTF8.GetBytes(SignatureStandIn));
                }

                return TrustedSignatureSchema(path);
            }

            return base.GetEntity(absoluteUri, role, ofObjectToReturn);
        }

        /// <summary>The W3C schema with its DTD processed (this file only; no external entity is fetched) and the DOCTYPE dropped.</summary>
        private static MemoryStream TrustedSignatureSchema(string path)
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Parse, XmlResolver = null, MaxCharactersFromEntities = 1_000_000 };
            XDocument schema;
            using (XmlReader reader = XmlReader.Create(path, settings))
            {
                schema = XDocument.Load(reader);
            }

            schema.DocumentType?.Remove();

            // .NET's validator holds xs:integer in a decimal (29 digits) and refuses larger values, but X.509 serial
            // numbers run to 39 digits and more (DCC Boxed's DSP certificate: 167048897159233642262001557408276884033):
            // X509SerialNumber is checked as a string of digits instead, the same lexical space.
            XNamespace xs = "http://www.w3.org/2001/XMLSchema";
            foreach (XElement serial in schema.Descendants(xs + "element").Where(e => (string?)e.Attribute("name") == "X509SerialNumber" && (string?)e.Attribute("type") == "integer").ToList())
            {
                serial.Attribute("type")!.Remove();
                serial.Add(new XElement(xs + "simpleType", new XElement(xs + "restriction", new XAttribute("base", "string"), new XElement(xs + "pattern", new XAttribute("value", "[-+]?[0-9]+")))));
            }

            var buffer = new MemoryStream();
            schema.Save(buffer);
            buffer.Position = 0;
            return buffer;
        }
    }
}
