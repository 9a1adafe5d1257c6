namespace GraphGen.Generator
{
    /// <summary>The names of the pipeline's steps, which tests use to check what was cached.</summary>
    public static class TrackingNames
    {
        public const string Parse = "GraphGen.Parse";
        public const string Analyze = "GraphGen.Analyze";
        public const string Diagnostics = "GraphGen.Diagnostics";
        public const string Model = "GraphGen.Model";
        public const string Fuse = "GraphGen.Fuse";
        public const string Differentiate = "GraphGen.Differentiate";
        public const string Facts = "GraphGen.Facts";
    }
}
