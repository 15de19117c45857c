export interface Progress {
  /** One more item done. */
  tick(): void;
  /** All done: ends the bar's line. */
  done(): void;
}

const WIDTH = 30;

/**
 * Progress of `total` items, written with `write` (stderr). On a terminal a bar redrawn in place
 * (only when it changes); otherwise, as in a log, one line each time another tenth is done.
 * Nothing at all when there is nothing to do.
 */
export function progress(
  label: string,
  total: number,
  write: (text: string) => void,
  tty: boolean,
): Progress {
  let count = 0;
  let shown = '';
  const percent = () => (total === 0 ? 100 : Math.floor((count * 100) / total));
  const draw = () => {
    if (total === 0) return;
    if (tty) {
      const filled = Math.floor((count * WIDTH) / total);
      const bar = `${label} [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${percent()}% ${count}/${total}`;
      if (bar !== shown) write(`\r${bar}`);
      shown = bar;
      return;
    }
    const tenth = String(Math.floor(percent() / 10));
    if (count > 0 && tenth !== shown) write(`${label}: ${percent()}% (${count}/${total})\n`);
    shown = tenth;
  };
  draw();
  return {
    tick() {
      count = Math.min(count + 1, total);
      draw();
    },
    done() {
      if (tty && shown !== '') write('\n');
    },
  };
}
