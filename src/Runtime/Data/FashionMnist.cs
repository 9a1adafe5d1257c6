using System.Numerics.Tensors;

namespace GraphGen.Data;

/// <summary>
/// Fashion-MNIST (Zalando): 28x28 grayscale images of clothes in 10 classes, 60,000 for training and 10,000
/// for testing — a drop-in replacement for MNIST. Reads the IDX files that Debian's package
/// <c>dataset-fashion-mnist</c> installs in <see cref="DefaultDirectory"/> (plain or gzipped).
/// </summary>
/// <remarks>Images are float32 in [0, 1] (byte / 255), [N, 784] or [N, 1, 28, 28]; labels are int64 class indices [N].</remarks>
public sealed class FashionMnist
{
    /// <summary>Where <c>apt-get install dataset-fashion-mnist</c> puts the files.</summary>
    public const string DefaultDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>Environment variable that overrides <see cref="DefaultDirectory"/>.</summary>
    public const string DirectoryVariable = "GRAPHGEN_FASHION_MNIST";

    public const int ImageSize = 28;

    /// <summary>The class names, indexed by label.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    private FashionMnist(Tensor images, Tensor labels)
    {
        Images = images;
        Labels = labels;
    }

    /// <summary>Images, float32 in [0, 1]: [N, 784] (flattened) or [N, 1, 28, 28].</summary>
    public Tensor Images { get; }

    /// <summary>Labels, int64 in 0..9: [N].</summary>
    public Tensor Labels { get; }

    public int Count => Labels.Size(0);

    /// <summary>Images and labels as a dataset for a <see cref="DataLoader"/>.</summary>
    public TensorDataset ToDataset() => new(Images, Labels);

    /// <summary>
    /// Loads the training (60,000) or test (10,000) split from <paramref name="directory"/> (default: the
    /// <see cref="DirectoryVariable"/> environment variable, else <see cref="DefaultDirectory"/>).
    /// </summary>
    public static FashionMnist Load(string? directory = null, bool train = true, bool flatten = true)
    {
        directory ??= Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } env ? env : DefaultDirectory;
        if (File.Exists(directory))
            throw new IOException($"FashionMnist.Load: '{directory}' is a file; expected the directory that holds the Fashion-MNIST files (to load two files, use Load(imagesPath, labelsPath)).");
        string prefix = train ? "train" : "t10k";
        string images = Find(directory, $"{prefix}-images-idx3-ubyte");
        string labels = Find(directory, $"{prefix}-labels-idx1-ubyte");
        return Load(images, labels, flatten);
    }

    /// <summary>Loads an image file and a label file given by path (.gz or raw IDX).</summary>
    public static FashionMnist Load(string imagesPath, string labelsPath, bool flatten = true)
    {
        var (imageDims, pixels) = IdxReader.Read(imagesPath, IdxReader.ImagesMagic);
        var (labelDims, labelBytes) = IdxReader.Read(labelsPath, IdxReader.LabelsMagic);
        if (imageDims[1] != ImageSize || imageDims[2] != ImageSize)
            throw new IdxFormatException($"'{imagesPath}' holds {imageDims[1]}x{imageDims[2]} images; Fashion-MNIST images are {ImageSize}x{ImageSize}.");
        if (imageDims[0] != labelDims[0])
            throw new IdxFormatException($"'{imagesPath}' holds {imageDims[0]} images but '{labelsPath}' holds {labelDims[0]} labels; they must match.");
        for (int i = 0; i < labelBytes.Length; i++)
            if (labelBytes[i] >= ClassNames.Count)
                throw new IdxFormatException($"'{labelsPath}': label {i} is {labelBytes[i]}, outside the classes 0..{ClassNames.Count - 1}.");

        int n = imageDims[0];
        // byte / 255 as torchvision's ToTensor computes it (a division, not a multiplication by 1/255).
        var scaled = GC.AllocateUninitializedArray<float>(pixels.Length);
        TensorPrimitives.ConvertTruncating<byte, float>(pixels, scaled);
        TensorPrimitives.Divide(scaled, 255f, scaled);
        var classes = new long[n];
        for (int i = 0; i < n; i++) classes[i] = labelBytes[i];
        int[] shape = flatten ? [n, ImageSize * ImageSize] : [n, 1, ImageSize, ImageSize];
        return new FashionMnist(Tensor.Wrap(scaled, shape), Tensor.Wrap(classes, n));
    }

    private static string Find(string directory, string name)
    {
        foreach (var candidate in new[] { name + ".gz", name })
        {
            var path = Path.Combine(directory, candidate);
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException(
            $"Fashion-MNIST file '{Path.Combine(directory, name)}.gz' (or without .gz) was not found. Install Debian's package with " +
            $"`apt-get install -y dataset-fashion-mnist` (it puts the files in {DefaultDirectory}), or pass the directory that holds them " +
            $"(or set {DirectoryVariable}).", Path.Combine(directory, name + ".gz"));
    }
}
