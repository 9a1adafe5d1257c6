namespace GraphGen.Trainer.Tests;

public class CurvePlotTests
{
    [Fact]
    public void DivergedRunStillGetsAPlot()
    {
        // A learning rate far too high drives the loss to infinity and then NaN; the plot must still be drawn.
        var history = new TrainingHistory(batchesPerEpoch: 4);
        foreach (double loss in new[] { 2.3, 40, double.PositiveInfinity, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN })
            history.AddStep(loss);
        history.AddEpoch(new EpochSummary(1, 2, 10, double.NaN, 0.1, double.NaN, 0.1, 1, 100));
        history.AddEpoch(new EpochSummary(2, 2, 5, double.NaN, 0.1, double.NaN, 0.1, 1, 100));
        using var temp = new TemporaryDirectory();
        string path = temp.Combine("curves.png");

        CurvePlot.Save(path, history, "diverged");

        Assert.True(new FileInfo(path).Length > 10_000);
    }
}
