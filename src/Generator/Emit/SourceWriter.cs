using System;
using System.Text;

namespace GraphGen.Generator.Emit
{
    /// <summary>Writes C# text with indentation (four spaces per level), as the System.Text.Json generator does.</summary>
    internal sealed class SourceWriter
    {
        private readonly StringBuilder _sb = new();
        private int _indent;

        public int Indentation => _indent;

        public SourceWriter Line(string text = "")
        {
            if (text.Length == 0)
            {
                _sb.Append('\n');
                return this;
            }

            foreach (var line in text.Split('\n'))
            {
                if (line.Length > 0) _sb.Append(' ', _indent * 4).Append(line.TrimEnd('\r'));
                _sb.Append('\n');
            }

            return this;
        }

        public SourceWriter Indent()
        {
            _indent++;
            return this;
        }

        public SourceWriter Unindent()
        {
            if (_indent == 0) throw new InvalidOperationException("SourceWriter: unbalanced indentation.");
            _indent--;
            return this;
        }

        /// <summary>Writes "{" and indents; dispose the result to close the block.</summary>
        public Block OpenBlock(string? header = null)
        {
            if (header is not null) Line(header);
            Line("{");
            Indent();
            return new Block(this);
        }

        public void CloseBlock(string suffix = "")
        {
            Unindent();
            Line("}" + suffix);
        }

        public override string ToString() => _sb.ToString();

        public readonly struct Block : IDisposable
        {
            private readonly SourceWriter _writer;

            public Block(SourceWriter writer) => _writer = writer;

            public void Dispose() => _writer.CloseBlock();
        }
    }
}
