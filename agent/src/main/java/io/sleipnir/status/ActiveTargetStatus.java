package io.sleipnir.status;

import io.sleipnir.targets.ActiveTarget;
import java.util.List;

/** An active target and the files it is reading now (none when its glob matches nothing yet). */
public record ActiveTargetStatus(ActiveTarget target, List<TailedFile> files) {
    public ActiveTargetStatus {
        files = List.copyOf(files);
    }
}
