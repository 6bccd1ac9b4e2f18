/// Visualisation of detection results: ground truth and predictions drawn over an image.
extension Image {
    /// Draws ground truth in green (don't care in grey), its character boxes in thin yellow when
    /// `characters` is set, and predictions in red.
    public mutating func drawDetections(groundTruth: [TextInstance], predictions: [Polygon] = [], characters: Bool = false,
                                        thickness: Int = 1) throws {
        for instance in groundTruth {
            if characters {
                for box in instance.characters { try drawPolygon(box, colour: [255, 220, 0], thickness: 1) }
            }
            try drawPolygon(instance.polygon, colour: instance.ignore ? [160, 160, 160] : [0, 220, 0], thickness: thickness)
        }
        for polygon in predictions { try drawPolygon(polygon, colour: [255, 0, 0], thickness: thickness) }
    }
}
