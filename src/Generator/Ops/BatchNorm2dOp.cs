using GraphGen.Generator.Graph;

namespace GraphGen.Generator.Ops
{
    /// <summary>
    /// <c>BatchNorm2d(numFeatures)</c>: <see cref="BatchNorm1dOp"/> over [N, C, H, W] inputs. Read only by a Conv2d's
    /// output, it folds into that convolution's weights in eval (<see cref="IFoldsIntoConvolution"/>).
    /// </summary>
    internal sealed class BatchNorm2dOp : BatchNorm1dOp, IFoldsIntoConvolution
    {
        public override string Name => "BatchNorm2d";

        public override OpForms Forms { get; } = new("BatchNorm2d");

        protected override int[] Ranks { get; } = { 4 };

        protected override string RankText => "a 4-D input";

        public bool FoldsAfter(GraphNode producer) => producer.Op == "Conv2d";
    }
}
