"""Presses a notebook's stop button while an op computes, through jupyter_client as Jupyter's UI does.

Starts the kernel named krnel (found on JUPYTER_PATH), runs the %%krnelop cell in the file given as the first
argument, starts a cell that computes the slow op, waits until the op says it computes, then calls
interrupt_kernel() (the kernelspec's interrupt_mode is "message": an interrupt_request on the control channel),
and runs two more cells. Prints one JSON object: per cell its reply status, error and text outputs.
"""
import json
import sys
import time

from jupyter_client.manager import start_new_kernel

TIMEOUT = 180


def collect(kc, msg_id, on_output=None):
    """Reads iopub until the cell is idle, then its execute_reply: {status, ename, evalue, text}."""
    cell = {"text": ""}
    deadline = time.time() + TIMEOUT
    while True:
        msg = kc.get_iopub_msg(timeout=max(1, deadline - time.time()))
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind == "stream":
            cell["text"] += content["text"]
        elif kind in ("execute_result", "display_data"):
            cell["text"] += content["data"].get("text/plain", "") + "\n"
        elif kind == "error":
            cell["error"] = content["ename"] + ": " + content["evalue"]
        elif kind == "status" and content["execution_state"] == "idle":
            break
        if on_output is not None:
            on_output(cell)
    reply = kc.get_shell_msg(timeout=TIMEOUT)
    while reply["parent_header"].get("msg_id") != msg_id:  # e.g. the kernel_info replies of start-up
        reply = kc.get_shell_msg(timeout=TIMEOUT)
    cell["status"] = reply["content"]["status"]
    return cell


def main():
    slow_cell = open(sys.argv[1], encoding="utf-8").read()
    km, kc = start_new_kernel(kernel_name="krnel", startup_timeout=TIMEOUT)
    cells = {}
    try:
        cells["declare"] = collect(kc, kc.execute(slow_cell))
        cells["build"] = collect(kc, kc.execute(
            'var slow = runner().fromInlineDataset(Map.of("text", List.of("a", "b"))).colText("text")'
            '.then(slowCount());'))
        interrupted = []

        def stop_when_computing(cell):
            if not interrupted and "slow op computing" in cell["text"]:
                interrupted.append(time.time())
                km.interrupt_kernel()  # the stop button

        started = time.time()
        cells["slow"] = collect(kc, kc.execute("show(slow)"), stop_when_computing)
        cells["slow"]["seconds_after_interrupt"] = time.time() - interrupted[0] if interrupted else None
        cells["slow"]["seconds"] = time.time() - started
        cells["status"] = collect(kc, kc.execute("status(slow)"))
        cells["next"] = collect(kc, kc.execute("1 + 1"))
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    print(json.dumps(cells))


if __name__ == "__main__":
    main()
