namespace HanBench.Conformance.Tests;

[TestClass]
[TestCategory("Conformance")]
public sealed class VectorsTests
{
    [TestMethod]
    public void VectorsFolder_HasTheDocumentedLayout()
    {
        foreach (string folder in new[] { "duis", "keystore", "ota-images", "rtds-4.5.0", "xsd", "zcl-ota" })
        {
            Assert.IsTrue(Directory.Exists(Vectors.PathOf(folder)), $"missing {folder}/ under {Vectors.Root}");
        }
    }
}
