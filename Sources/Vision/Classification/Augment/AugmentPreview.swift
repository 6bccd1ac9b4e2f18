import Foundation

extension ImageClassificationTask {
    /// A grid of training samples as the configured pipeline augments them: one row per sample
    /// (the first `samples` training images), its clean image in the first column, then one
    /// column per epoch's draw (`draws` epochs), Mixup/CutMix applied across the column's
    /// samples as across a batch. Each image is enlarged `zoom` times (nearest) with a 2-pixel
    /// gap; erased pixels show the dataset's mean colour. An RGB image.
    public func augmentPreview(samples: Int, draws: Int, zoom: Int) throws -> Image {
        let samples = Swift.min(samples, trainSet.count)
        let shape = trainSet.shape, gap = 2
        let cellWidth = shape.width * zoom + gap, cellHeight = shape.height * zoom + gap
        var grid = Image(width: cellWidth * (draws + 1) + gap, height: cellHeight * samples + gap, channels: 3, fill: [255])
        let indices = Array(0..<samples)
        for column in 0...draws {
            let images = column == 0 ? augmentedImages(of: trainSet, indices: indices, augmentSeed: nil).0
                : trainingBatch(indices, epoch: column - 1).images
            for row in 0..<samples {
                for y in 0..<(shape.height * zoom) {
                    for x in 0..<(shape.width * zoom) {
                        for k in 0..<3 {
                            let c = Swift.min(k, shape.channels - 1)
                            let value = images[row * shape.count + c * shape.plane + (y / zoom) * shape.width + x / zoom]
                            let level = ((Double(value) * std[c] + mean[c]) * 255).rounded()
                            grid[gap + column * cellWidth + x, gap + row * cellHeight + y, k] = UInt8(Swift.min(255, Swift.max(0, level)))
                        }
                    }
                }
            }
        }
        return grid
    }
}
