package io.latchkey.token.authenticator;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;

import javax.imageio.ImageIO;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.EncodeHintType;
import com.google.zxing.ReaderException;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.QRCodeWriter;

import io.latchkey.authy.error.AuthyException;

/**
 * Renders the PNG of an {@code otpauth://} QR code, one a scanning app finds.
 *
 * <p>
 * The encoder picks the data mask the QR standard's penalty rules score best, yet for about one content in a hundred
 * that mask leaves a pattern zxing's detector (the reader in FreeOTP and many Android apps) takes for a finder
 * pattern, and the code is not found at all. So each image is read back as a camera app would (no hints, the
 * detector has to find the code) and, when that fails, drawn again with the next of the eight masks: every mask is a
 * valid code; in QrRenderingTest's thousands of contents some mask was always found. About 3 ms an image, paid only
 * at enrolment.
 */
final class QrRenderer {

    private static final int MASKS = 8;

    private QrRenderer() {
    }

    static byte[] png(String content, int size) {
        try {
            BufferedImage image = image(content, size, null);
            for (int mask = 0; mask < MASKS && !foundByADetector(image); mask++) {
                image = image(content, size, mask);
            }
            // when no mask is found (never seen), the last is served: it is still a valid code for other readers
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(image, "PNG", png);
            return png.toByteArray();
        } catch (WriterException | IOException | IllegalArgumentException e) {
            throw AuthyException.of(500, "60122", "QR code generation failed");
        }
    }

    private static BufferedImage image(String content, int size, Integer mask) throws WriterException {
        // a quiet zone of four modules, as the QR standard asks
        Map<EncodeHintType, Object> hints = mask == null
                ? Map.of(EncodeHintType.MARGIN, 4, EncodeHintType.CHARACTER_SET, "UTF-8")
                : Map.of(EncodeHintType.MARGIN, 4, EncodeHintType.CHARACTER_SET, "UTF-8", EncodeHintType.QR_MASK_PATTERN, mask);
        BitMatrix matrix = new QRCodeWriter().encode(content, BarcodeFormat.QR_CODE, size, size, hints);
        return MatrixToImageWriter.toBufferedImage(matrix);
    }

    private static boolean foundByADetector(BufferedImage image) {
        try {
            new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))));
            return true;
        } catch (ReaderException e) {
            return false;
        }
    }
}
