namespace HanBench.Device.Configuration
{
    /// <summary>How the board keeps firmware images (boards/README.md, role configuration <c>storage.kind</c>).</summary>
    public enum ImageStorageKind : byte
    {
        /// <summary>Not read yet.</summary>
        None = 0,

        /// <summary><c>whole-image</c>: images are written to the drive (8 MB+ flash or an SD card).</summary>
        WholeImage = 1,

        /// <summary><c>digest-only</c>: length and hash are checked while streaming and no image bytes are kept (4 MB boards).</summary>
        DigestOnly = 2,
    }
}
