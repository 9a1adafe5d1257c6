// A PyTorch lecture (tensors, gradients, nn building blocks, a custom module, losses, optimizers, the training
// loop), translated: each line prints the C# code after ">>>" and its value, which is what PyTorch prints for the
// same code: lecture.py beside this file is the PyTorch program, expected-output.txt its output, and a test
// (tests/Integration.Tests/GettingStartedSampleTests.cs) checks that this program prints the same.
using GraphGen;
using GettingStarted;
using static GettingStarted.Repl;

Section("Tensor creation, four ways");
var a = Tensor.Empty(3, 2);                       // torch.FloatTensor(3, 2) (zero-filled here, never garbage)
Show("a = Tensor.Empty(3, 2)", a);
Show("a.Zero_()", a.Zero_());
Show("Tensor.From(new float[,] { { 1, 2, 3 }, { 3, 2, 1 } })", Tensor.From(new float[,] { { 1, 2, 3 }, { 3, 2, 1 } }));
var n = new double[3, 2];                         // np.zeros(shape=(3, 2))
Show("Tensor.From(n)                      // float64 data keeps its dtype", Tensor.From(n));
Show("Tensor.From(n, DType.Float32)       // torch.tensor(n, dtype=torch.float32)", Tensor.From(n, DType.Float32));

Section("Scalar tensors");
var ints = Tensor.From(new long[] { 1, 2, 3 });
Show("a = Tensor.From(new long[] { 1, 2, 3 })", ints);
var s = ints.Sum();
Show("s = a.Sum()", s);
Show("s.Item<long>()", s.Item<long>());
Show("Tensor.Scalar(1L)", Tensor.Scalar(1L));

Section("In place versus functional");
var t = Tensor.From(new float[] { 2, 3 });
Show("t + 1                               // a new tensor", t + 1);
Show("t                                   // unchanged", t);
Show("t.Add_(1)                           // in place: trailing underscore", t.Add_(1));
Show("t                                   // changed", t);

Section("Devices");
var c = Tensor.From(new float[] { 2, 3 });
Show("c.Device", c.Device);
Show("c.To(Device.Cpu) + 1", c.To(Device.Cpu) + 1);
try
{
    Show("c.To(Device.Cuda())", c.To(Device.Cuda()));
}
catch (InvalidOperationException e)
{
    Show("c.To(Device.Cuda())", e.Message);
}

Section("Gradients");
var v1 = Tensor.From(new[] { 1.0f, 1.0f }).RequiresGrad_();
var v2 = Tensor.From(new[] { 2.0f, 2.0f });
var vSum = v1 + v2;
var vRes = (vSum * 2).Sum();
Show("v_res", vRes);
Show("(v1.IsLeaf, v2.IsLeaf)", (v1.IsLeaf, v2.IsLeaf));
Show("(v_sum.IsLeaf, v_res.IsLeaf)", (vSum.IsLeaf, vRes.IsLeaf));
Show("v1.RequiresGrad", v1.RequiresGrad);
Show("v2.RequiresGrad", v2.RequiresGrad);
Show("v_sum.RequiresGrad", vSum.RequiresGrad);
Show("v_res.RequiresGrad", vRes.RequiresGrad);
vRes.Backward();
Console.WriteLine(">>> v_res.Backward()");
Show("v1.Grad", v1.Grad);
Show("v2.Grad", v2.Grad);

NnBuildingBlocks.Run();
LossesAndOptimizers.Run();
