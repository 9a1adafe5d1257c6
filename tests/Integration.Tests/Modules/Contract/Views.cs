using GraphGen;
using GraphGen.Nn;

namespace GraphGen.Integration.Modules.Contract;

/// <summary>PyTorch's flatten idiom, <c>x.view(x.size(0), -1)</c>, on an image batch of any rank.</summary>
[Module]
public partial class ViewBatchByMinusOne
{
    private readonly Linear fc = new(16, 5);

    public Tensor Forward(Tensor images) => fc.Call(images.View(images.Size(0), -1));
}

/// <summary>The other flatten idioms: <c>View(-1, 16)</c>, <c>Flatten(1)</c>, <c>Reshape(batch, 16)</c> with the batch read from <c>Shape[0]</c>.</summary>
[Module]
public partial class FlattenIdioms
{
    private const int Pixels = 16;

    private readonly Linear fc1 = new(Pixels, 8);
    private readonly Linear fc2 = new(Pixels, 8);
    private readonly Linear fc3 = new(Pixels, 8);

    public Tensor Forward(Tensor images)
    {
        int batch = images.Shape[0];
        var a = fc1.Call(images.View(-1, Pixels));
        var b = fc2.Call(images.Flatten(1));
        var c = fc3.Call(images.Reshape(batch, Pixels));
        return a + b * c;
    }
}

/// <summary>Views between layers: sizes read from locals, products of sizes, array and collection arguments, a -1 in the middle.</summary>
[Module]
public partial class ViewsBetweenLayers
{
    private readonly Linear fc1 = new(6, 12);
    private readonly Linear fc2 = new(12, 3);

    public Tensor Forward(Tensor x)
    {
        var h = F.Relu(fc1.Call(x));
        var cube = h.View(h.Size(0), 3, -1);                  // [B, 3, 4]
        var parts = cube.Reshape(new[] { -1, 2, 2 });         // [3*B, 2, 2]
        var back = parts.View([cube.Size(0), cube.Size(1) * cube.Shape[2]]);
        var flat = back.View(-1);                             // [12*B]
        return fc2.Call(flat.View(x.Size(0), 12) + cube.Flatten(1));
    }
}

/// <summary>A view whose sizes only run time knows: the input must have 12 features, checked with GG0105's message.</summary>
[Module]
public partial class ViewCheckedAtRunTime
{
    private readonly Linear fc = new(4, 2);

    public Tensor Forward(Tensor x)
    {
        var rows = x.View(x.Size(0), 3, 4);
        return fc.Call(rows).Sum(1);
    }
}

/// <summary>A constructor parameter as a View size: its value is read from the Linear built with it.</summary>
[Module]
public partial class ViewOfParameter(int features, int classes)
{
    private readonly Linear fc = new(features, classes);

    public Tensor Forward(Tensor images) => F.LogSoftmax(fc.Call(images.View(-1, features)), -1);
}
