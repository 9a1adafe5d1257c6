using System.Linq;
using GraphGen.Generator.Model;

namespace GraphGen.Generator.Graph
{
    /// <summary>A tensor shape whose dimensions are symbolic (<see cref="SymDim"/>); prints as PyTorch does: [B, 5].</summary>
    internal sealed record SymShape(EquatableArray<SymDim> Dims)
    {
        public static readonly SymShape Scalar = new(EquatableArray<SymDim>.Empty);

        public static SymShape Of(params SymDim[] dims) => new(new EquatableArray<SymDim>(dims));

        public int Rank => Dims.Count;

        public SymDim this[int index] => Dims[index];

        public SymDim Last => Dims[Dims.Count - 1];

        public SymDim NumEl => SymDim.Product(Dims);

        public SymShape WithLast(SymDim last) => new(Dims.Take(Rank - 1).Concat(new[] { last }).ToEquatableArray());

        public override string ToString() => "[" + string.Join(", ", Dims.Select(d => d.ToString())) + "]";
    }
}
