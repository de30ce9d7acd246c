"""Extraction in threads (a Dask worker with several threads, a caller's thread pool) gives the
facts one thread gives. underthesea assigns each model to its global before loading it, so a
thread calling it during another's first load tagged with an empty model."""

import subprocess
import sys
import textwrap


def test_first_calls_from_many_threads_agree_with_one_thread():
    # a fresh interpreter: the models must not be loaded yet when the threads start
    script = textwrap.dedent(
        """
        import threading
        from pipeline.text import segment

        texts = [f"Liên đoàn Lao động tỉnh trao {n} suất quà cho công nhân khu công nghiệp" for n in range(8)]
        barrier, results, failures = threading.Barrier(len(texts)), {}, []

        def work(index):
            barrier.wait()
            try:
                results[index] = (
                    [w.text for w in segment.tokenize_words(texts[index])],
                    list(segment.pos_tags(texts[index])),
                    [s.text for s in segment.split_sentences(texts[index] + ". Hai câu.")],
                )
            except Exception as error:
                failures.append(repr(error))

        threads = [threading.Thread(target=work, args=(i,)) for i in range(len(texts))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        segment._tokenize_cached.cache_clear()
        segment.pos_tags.cache_clear()
        alone = {
            i: (
                [w.text for w in segment.tokenize_words(t)],
                list(segment.pos_tags(t)),
                [s.text for s in segment.split_sentences(t + ". Hai câu.")],
            )
            for i, t in enumerate(texts)
        }
        print("failures", failures)
        print("same", results == alone)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "failures []" in done.stdout, done.stdout
    assert "same True" in done.stdout, done.stdout
