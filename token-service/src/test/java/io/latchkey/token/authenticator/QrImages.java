package io.latchkey.token.authenticator;

import java.awt.image.BufferedImage;
import java.util.Map;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.ReaderException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

/**
 * Reads the text of a QR image token-service rendered. As a pure barcode (upright, unscaled, nothing around it):
 * what the tests check is what the image holds; how well a camera finds it is {@link QrRenderingTest}'s.
 */
final class QrImages {

    private QrImages() {
    }

    static String read(BufferedImage image) throws ReaderException {
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))),
                Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
    }

    /** Whether zxing's reader, given no hints, finds the code (its detector has to, as with a camera's frame). */
    static boolean foundByAPlainReader(BufferedImage image) {
        try {
            new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))));
            return true;
        } catch (ReaderException e) {
            return false;
        }
    }
}
