using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using GraphGen.Generator.Model;
using Microsoft.CodeAnalysis;

namespace GraphGen.Generator.Graph
{
    /// <summary>
    /// A shape diagnostic's descriptor and arguments (strings, <see cref="SymDim"/>s, <see cref="SymShape"/>s, or
    /// <c>object[]</c>s of those, read as one piece of text),
    /// rendered either as a compile-time diagnostic or, for a runtime check, as message parts whose
    /// dimensions the generated code prints with their actual values — the same message either way.
    /// </summary>
    internal sealed class CheckMessage
    {
        private static readonly Regex s_placeholder = new(@"\{(\d+)\}", RegexOptions.Compiled);

        public CheckMessage(DiagnosticDescriptor descriptor, params object[] args)
        {
            Descriptor = descriptor;
            Args = args;
        }

        public DiagnosticDescriptor Descriptor { get; }

        public object[] Args { get; }

        public DiagnosticInfo ToDiagnostic(LocationInfo? location) =>
            DiagnosticInfo.Create(Descriptor, location, Args.Select(Render).ToArray());

        public EquatableArray<MessagePart> ToParts()
        {
            var parts = new List<MessagePart>();
            string format = Descriptor.MessageFormat.ToString(CultureInfo.InvariantCulture);
            int at = 0;
            foreach (Match m in s_placeholder.Matches(format))
            {
                parts.Add(new MessagePart(format.Substring(at, m.Index - at), null));
                AddArg(parts, Args[int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)]);
                at = m.Index + m.Length;
            }

            parts.Add(new MessagePart(format.Substring(at), null));
            return parts.Where(p => p.Dim is not null || p.Text.Length > 0).ToEquatableArray();
        }

        private static void AddArg(List<MessagePart> parts, object arg)
        {
            switch (arg)
            {
                case SymDim d:
                    parts.Add(new MessagePart("", d));
                    break;
                case SymShape s:
                    parts.Add(new MessagePart("[", null));
                    for (int i = 0; i < s.Rank; i++)
                    {
                        if (i > 0) parts.Add(new MessagePart(", ", null));
                        parts.Add(new MessagePart("", s[i]));
                    }

                    parts.Add(new MessagePart("]", null));
                    break;
                case object[] pieces:
                    foreach (var piece in pieces) AddArg(parts, piece);
                    break;
                default:
                    parts.Add(new MessagePart(Render(arg), null));
                    break;
            }
        }

        /// <summary>An argument as text; an <c>object[]</c> is text whose dimensions a runtime check prints with their values.</summary>
        private static string Render(object arg) => arg switch
        {
            int i => i.ToString(CultureInfo.InvariantCulture),
            long l => l.ToString(CultureInfo.InvariantCulture),
            object[] pieces => string.Concat(pieces.Select(Render)),
            _ => arg.ToString() ?? "",
        };
    }
}
