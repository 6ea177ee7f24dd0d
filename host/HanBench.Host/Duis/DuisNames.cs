using System.Xml.Linq;

namespace HanBench.Host.Duis;

/// <summary>DUIS XML namespaces and the schema version HanBench speaks.</summary>
public static class DuisNames
{
    /// <summary>The Service User Gateway namespace (prefix <c>sr</c>).</summary>
    public static readonly XNamespace Sr = "http://www.dccinterface.co.uk/ServiceUserGateway";

    /// <summary>The <c>schemaVersion</c> HanBench writes on responses.</summary>
    public const string SchemaVersion = "5.4";
}
