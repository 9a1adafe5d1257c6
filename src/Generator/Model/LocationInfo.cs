using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace GraphGen.Generator.Model
{
    /// <summary>
    /// A source location kept as plain data (file, span, line span): a <see cref="Location"/> holds the
    /// syntax tree alive and is not equatable across compilations, so models must not contain one.
    /// </summary>
    internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
    {
        public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

        public static LocationInfo? From(SyntaxNode? node) => node is null ? null : From(node.GetLocation());

        public static LocationInfo? From(SyntaxToken token) => From(token.GetLocation());

        public static LocationInfo? From(Location location)
        {
            if (location.SourceTree is null) return null;
            return new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
        }
    }
}
