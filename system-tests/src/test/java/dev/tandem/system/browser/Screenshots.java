package dev.tandem.system.browser;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Each scenario's screenshot: the people's tabs side by side (or stacked), under {@code target/screenshots/}. */
final class Screenshots {
    static final Path DIRECTORY = Path.of("target", "screenshots").toAbsolutePath();
    private static final int GAP = 12;
    private static final Color BACKGROUND = new Color(0x8c, 0x95, 0x9f);

    private Screenshots() {
    }

    /** Saves {@code <name>.png}: every person's tab as it is now, left to right. */
    static Path sideBySide(String name, Person... people) {
        return save(name, false, people);
    }

    /** Saves {@code <name>.png}: every person's tab as it is now, top to bottom (narrow enough for a README). */
    static Path stacked(String name, Person... people) {
        return save(name, true, people);
    }

    private static Path save(String name, boolean stacked, Person... people) {
        try {
            List<BufferedImage> shots = new ArrayList<>();
            for (Person person : people) {
                shots.add(ImageIO.read(new ByteArrayInputStream(person.screenshot())));
            }
            int along = GAP;
            int across = 0;
            for (BufferedImage shot : shots) {
                along += (stacked ? shot.getHeight() : shot.getWidth()) + GAP;
                across = Math.max(across, stacked ? shot.getWidth() : shot.getHeight());
            }
            across += 2 * GAP;
            BufferedImage all = new BufferedImage(stacked ? across : along, stacked ? along : across,
                    BufferedImage.TYPE_INT_RGB);
            Graphics2D g = all.createGraphics();
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, all.getWidth(), all.getHeight());
            int offset = GAP;
            for (BufferedImage shot : shots) {
                g.drawImage(shot, stacked ? GAP : offset, stacked ? offset : GAP, null);
                offset += (stacked ? shot.getHeight() : shot.getWidth()) + GAP;
            }
            g.dispose();
            Files.createDirectories(DIRECTORY);
            Path file = DIRECTORY.resolve(name + ".png");
            ImageIO.write(all, "png", file.toFile());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
