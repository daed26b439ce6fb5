"""Headlines written for the trending tests, each labelled with the story it reports.

Rows with the same `story` report the same event. The set holds:
- stories covered by 2–6 sources in different words (verbs, word order, affixed forms:
  "menaikkan" / "kenaikan" / "naik", "MK" / "Mahkamah Konstitusi");
- near-duplicate reposts of one article in two sections of the same source (`repost` in the
  comments below);
- decoys (`x-…`) that share only generic words with each other or with a real story
  ("Pemerintah Jakarta …", "Presiden … 2025", "Timnas Indonesia …", "Harga … Naik");
- near misses (`t-…`): two different events on one topic (national and East Java economic
  growth), sharing topical words ("ekonomi", "tumbuh") rather than generic ones;
- singletons (`z-…`) about anything else.
People in accusations are invented; places and offices are real. Leads carry the datelines the
real portals use, so the engine must see past "Jakarta (ANTARA) -".
"""

from __future__ import annotations

from typing import NamedTuple


class Labelled(NamedTuple):
    story: str
    source: str
    section: str
    hours_ago: float
    title: str
    lead: str


HEADLINES: tuple[Labelled, ...] = (
    # --- bbm: the fuel price rise, six sources (the top story) -----------------------------
    Labelled(
        "bbm",
        "Antara",
        "Ekonomi",
        1.0,
        "Pemerintah Naikkan Harga Pertalite Jadi Rp12.500 per Liter",
        "Jakarta (ANTARA) - Pemerintah resmi menaikkan harga BBM jenis Pertalite dari Rp10.000 "
        "menjadi Rp12.500 per liter mulai Sabtu pukul 14.30 WIB, kata Menteri ESDM.",
    ),
    Labelled(
        "bbm",
        "Tempo",
        "Ekonomi",
        1.5,
        "Harga Pertalite Resmi Naik Mulai Sabtu Siang",
        "TEMPO.CO, Jakarta - Harga bensin Pertalite naik Rp2.500 per liter. Kementerian ESDM "
        "menyebut subsidi energi yang membengkak menjadi alasan penyesuaian harga.",
    ),
    Labelled(
        "bbm",
        "Kompas",
        "Ekonomi",
        2.0,
        "Kenaikan Harga BBM Pertalite Diumumkan Menteri ESDM",
        "KOMPAS.com - Menteri ESDM mengumumkan kenaikan harga BBM bersubsidi Pertalite menjadi "
        "Rp12.500 per liter. Harga baru berlaku di seluruh SPBU Pertamina.",
    ),
    Labelled(  # repost of the Kompas article above in another section
        "bbm",
        "Kompas",
        "Pemerintahan",
        2.0,
        "Kenaikan Harga BBM Pertalite Diumumkan Menteri ESDM",
        "KOMPAS.com - Menteri ESDM mengumumkan kenaikan harga BBM bersubsidi Pertalite menjadi "
        "Rp12.500 per liter. Harga baru berlaku di seluruh SPBU Pertamina.",
    ),
    Labelled(
        "bbm",
        "Detik",
        "Ekonomi",
        2.5,
        "Pertalite Naik Rp2.500, Ini Daftar Harga BBM Pertamina Terbaru",
        "Jakarta - Pertamina memperbarui harga BBM setelah pemerintah menaikkan harga Pertalite "
        "menjadi Rp12.500 per liter. Harga Pertamax tidak berubah.",
    ),
    Labelled(
        "bbm",
        "CNN Indonesia",
        "Ekonomi",
        3.0,
        "Menteri ESDM: Harga Pertalite Dinaikkan karena Subsidi Membengkak",
        "Jakarta, CNN Indonesia -- Menteri ESDM menjelaskan harga Pertalite dinaikkan karena "
        "anggaran subsidi dan kompensasi energi terus membengkak akibat harga minyak dunia.",
    ),
    Labelled(
        "bbm",
        "Republika",
        "Ekonomi",
        4.0,
        "Warga Antre Panjang di SPBU Jelang Kenaikan Harga Pertalite",
        "REPUBLIKA.CO.ID, JAKARTA -- Antrean kendaraan mengular di sejumlah SPBU Pertamina "
        "beberapa jam sebelum harga Pertalite naik menjadi Rp12.500 per liter.",
    ),
    # --- gempa: earthquake in Cianjur, five sources ------------------------------------------
    Labelled(
        "gempa",
        "Antara",
        "Daerah",
        3.0,
        "Gempa Magnitudo 5,6 Guncang Cianjur",
        "Cianjur (ANTARA) - Gempa bumi bermagnitudo 5,6 mengguncang Kabupaten Cianjur, Jawa Barat, "
        "Senin siang. BMKG menyatakan gempa tidak berpotensi tsunami.",
    ),
    Labelled(
        "gempa",
        "Kompas",
        "Daerah",
        3.5,
        "Cianjur Diguncang Gempa, Warga Berhamburan Keluar Rumah",
        "KOMPAS.com - Warga Cianjur berhamburan keluar rumah saat gempa magnitudo 5,6 "
        "mengguncang wilayah itu. Getaran terasa hingga Sukabumi dan Bandung.",
    ),
    Labelled(
        "gempa",
        "Detik",
        "Daerah",
        4.0,
        "BMKG: Gempa Cianjur Dipicu Aktivitas Sesar Cimandiri",
        "Jakarta - BMKG menyebut gempa magnitudo 5,6 yang mengguncang Cianjur dipicu aktivitas "
        "Sesar Cimandiri dan tidak berpotensi tsunami.",
    ),
    Labelled(
        "gempa",
        "CNN Indonesia",
        "Daerah",
        4.5,
        "Gempa Berkekuatan M5,6 di Cianjur Tidak Berpotensi Tsunami",
        "Jakarta, CNN Indonesia -- Gempa berkekuatan M5,6 terjadi di Cianjur, Jawa Barat. "
        "Pusat gempa berada di darat pada kedalaman 10 kilometer menurut BMKG.",
    ),
    Labelled(
        "gempa",
        "Republika",
        "Daerah",
        6.0,
        "Puluhan Rumah Warga Rusak Akibat Gempa di Cianjur",
        "REPUBLIKA.CO.ID, CIANJUR -- BPBD mencatat puluhan rumah warga rusak ringan hingga berat "
        "akibat gempa magnitudo 5,6 yang mengguncang Cianjur.",
    ),
    # --- kpk: regent named a graft suspect, five sources (Antara twice) -----------------------
    Labelled(
        "kpk",
        "Antara",
        "Hukum",
        5.0,
        "KPK Tetapkan Bupati Wonoraja Tersangka Korupsi Insentif Pegawai",
        "Jakarta (ANTARA) - KPK menetapkan Bupati Wonoraja Hendro Saputro sebagai tersangka "
        "kasus pemotongan insentif pegawai Badan Pendapatan Daerah.",
    ),
    Labelled(  # repost of the Antara article above
        "kpk",
        "Antara",
        "Politik",
        5.0,
        "KPK Tetapkan Bupati Wonoraja Tersangka Korupsi Insentif Pegawai",
        "Jakarta (ANTARA) - KPK menetapkan Bupati Wonoraja Hendro Saputro sebagai tersangka "
        "kasus pemotongan insentif pegawai Badan Pendapatan Daerah.",
    ),
    Labelled(
        "kpk",
        "Tempo",
        "Hukum",
        5.5,
        "Bupati Wonoraja Jadi Tersangka Pemotongan Insentif ASN",
        "TEMPO.CO, Jakarta - Komisi Pemberantasan Korupsi menjerat Bupati Wonoraja Hendro "
        "Saputro dalam perkara pemotongan insentif aparatur sipil negara.",
    ),
    Labelled(
        "kpk",
        "Kompas",
        "Hukum",
        6.0,
        "Hendro Saputro Ditetapkan Tersangka oleh KPK",
        "KOMPAS.com - Bupati Wonoraja Hendro Saputro ditetapkan sebagai tersangka korupsi "
        "insentif pegawai. KPK juga menyita sejumlah dokumen dari kantor bupati.",
    ),
    Labelled(
        "kpk",
        "CNN Indonesia",
        "Hukum",
        7.0,
        "Usai Penetapan Tersangka Bupati Wonoraja, KPK Geledah Kantor Pemkab",
        "Jakarta, CNN Indonesia -- Penyidik KPK menggeledah kantor Pemkab Wonoraja setelah "
        "menetapkan Bupati Hendro Saputro sebagai tersangka pemotongan insentif pegawai.",
    ),
    Labelled(
        "kpk",
        "BeritaJatim",
        "Hukum",
        7.5,
        "Bupati Wonoraja Tersangka, Warga Gelar Syukuran di Alun-alun",
        "Wonoraja (beritajatim.com) - Puluhan warga menggelar syukuran di alun-alun setelah KPK "
        "menetapkan Bupati Hendro Saputro sebagai tersangka korupsi insentif pegawai.",
    ),
    # --- timnas: Indonesia beat Vietnam, five sources ----------------------------------------
    Labelled(
        "timnas",
        "Antara",
        "Olahraga",
        8.0,
        "Timnas Indonesia Kalahkan Vietnam 2-0 di Kualifikasi Piala Dunia",
        "Jakarta (ANTARA) - Timnas Indonesia mengalahkan Vietnam 2-0 pada laga Kualifikasi Piala "
        "Dunia 2026 zona Asia di Stadion Utama Gelora Bung Karno.",
    ),
    Labelled(
        "timnas",
        "Kompas",
        "Olahraga",
        8.0,
        "Indonesia Tundukkan Vietnam, Garuda Jaga Peluang ke Piala Dunia",
        "KOMPAS.com - Skuad Garuda menundukkan Vietnam dengan skor 2-0 di GBK dan menjaga "
        "peluang lolos ke putaran final Piala Dunia.",
    ),
    Labelled(
        "timnas",
        "Detik",
        "Olahraga",
        8.5,
        "Gol Jay Idzes Bawa Indonesia Menang atas Vietnam",
        "Jakarta - Sundulan Jay Idzes pada menit ke-57 membuka kemenangan Indonesia atas Vietnam "
        "di Kualifikasi Piala Dunia. Indonesia menang 2-0.",
    ),
    Labelled(
        "timnas",
        "CNN Indonesia",
        "Olahraga",
        9.0,
        "Vietnam Dikalahkan Timnas Indonesia 2-0 di GBK",
        "Jakarta, CNN Indonesia -- Timnas Indonesia mengalahkan Vietnam 2-0 dalam lanjutan "
        "Kualifikasi Piala Dunia. Gol dicetak Jay Idzes dan Ragnar Oratmangoen.",
    ),
    Labelled(
        "timnas",
        "Republika",
        "Olahraga",
        10.0,
        "Menang atas Vietnam, Timnas Naik ke Posisi Kedua Grup",
        "REPUBLIKA.CO.ID, JAKARTA -- Kemenangan 2-0 atas Vietnam membawa Timnas Indonesia naik ke "
        "posisi kedua klasemen grup Kualifikasi Piala Dunia.",
    ),
    # --- menkeu: a new finance minister sworn in, four sources -------------------------------
    Labelled(
        "menkeu",
        "Antara",
        "Pemerintahan",
        6.0,
        "Presiden Lantik Budi Kurniawan sebagai Menteri Keuangan",
        "Jakarta (ANTARA) - Presiden Prabowo Subianto melantik Budi Kurniawan sebagai Menteri "
        "Keuangan menggantikan pejabat sebelumnya di Istana Negara, Senin sore.",
    ),
    Labelled(
        "menkeu",
        "Tempo",
        "Politik",
        6.5,
        "Reshuffle Kabinet: Budi Kurniawan Jadi Menkeu Baru",
        "TEMPO.CO, Jakarta - Presiden merombak kabinet dan menunjuk ekonom Budi Kurniawan sebagai "
        "Menteri Keuangan. Pelantikan digelar di Istana Negara.",
    ),
    Labelled(
        "menkeu",
        "Kompas",
        "Politik",
        7.0,
        "Budi Kurniawan Dilantik Jadi Menteri Keuangan, Ini Profilnya",
        "KOMPAS.com - Budi Kurniawan resmi dilantik sebagai Menteri Keuangan oleh Presiden "
        "Prabowo. Ia sebelumnya menjabat kepala lembaga penjamin simpanan.",
    ),
    Labelled(
        "menkeu",
        "CNN Indonesia",
        "Politik",
        7.5,
        "Pelantikan Menkeu Budi Kurniawan Digelar di Istana Negara",
        "Jakarta, CNN Indonesia -- Pelantikan Budi Kurniawan sebagai Menteri Keuangan digelar di "
        "Istana Negara dan disaksikan para menteri Kabinet Merah Putih.",
    ),
    # --- banjir: floods in Semarang, three sources --------------------------------------------
    Labelled(
        "banjir",
        "Antara",
        "Daerah",
        10.0,
        "Banjir Rendam Ribuan Rumah di Semarang",
        "Semarang (ANTARA) - Banjir merendam ribuan rumah di sejumlah kelurahan di Kota Semarang "
        "setelah hujan deras mengguyur sejak Minggu malam.",
    ),
    Labelled(
        "banjir",
        "Kompas",
        "Daerah",
        11.0,
        "Semarang Kebanjiran, Jalur Pantura Lumpuh",
        "KOMPAS.com - Banjir yang melanda Semarang melumpuhkan jalur Pantura. Ribuan rumah "
        "terendam dan kendaraan terjebak genangan setinggi lutut.",
    ),
    Labelled(
        "banjir",
        "Detik",
        "Daerah",
        12.0,
        "Ribuan Warga Semarang Mengungsi akibat Banjir",
        "Jakarta - Ribuan warga Kota Semarang mengungsi setelah banjir merendam permukiman. "
        "BPBD mendirikan posko pengungsian di sejumlah kelurahan.",
    ),
    # --- bi-rate: Bank Indonesia holds its rate, four sources --------------------------------
    Labelled(
        "bi-rate",
        "Antara",
        "Ekonomi",
        12.0,
        "BI Tahan Suku Bunga Acuan di 5,75 Persen",
        "Jakarta (ANTARA) - Bank Indonesia mempertahankan BI-Rate di level 5,75 persen dalam "
        "Rapat Dewan Gubernur bulan ini untuk menjaga stabilitas rupiah.",
    ),
    Labelled(
        "bi-rate",
        "Tempo",
        "Ekonomi",
        12.5,
        "Bank Indonesia Pertahankan BI-Rate 5,75 Persen",
        "TEMPO.CO, Jakarta - Rapat Dewan Gubernur Bank Indonesia memutuskan BI-Rate tetap 5,75 "
        "persen. Gubernur BI menyebut inflasi masih terkendali.",
    ),
    Labelled(
        "bi-rate",
        "CNN Indonesia",
        "Ekonomi",
        13.0,
        "Suku Bunga BI Tetap, Rupiah Menguat Sore Ini",
        "Jakarta, CNN Indonesia -- Rupiah menguat setelah Bank Indonesia menahan suku bunga "
        "acuan di level 5,75 persen.",
    ),
    Labelled(
        "bi-rate",
        "Republika",
        "Ekonomi",
        14.0,
        "RDG Bank Indonesia Putuskan Suku Bunga Acuan Tidak Berubah",
        "REPUBLIKA.CO.ID, JAKARTA -- Rapat Dewan Gubernur Bank Indonesia memutuskan suku bunga "
        "acuan BI-Rate tetap di 5,75 persen, sesuai perkiraan analis.",
    ),
    # --- penyiaran: the broadcasting bill passed, three sources ------------------------------
    Labelled(
        "penyiaran",
        "Tempo",
        "Politik",
        14.0,
        "DPR Sahkan RUU Penyiaran Menjadi Undang-Undang",
        "TEMPO.CO, Jakarta - Rapat paripurna DPR mengesahkan revisi Undang-Undang Penyiaran "
        "meski organisasi jurnalis menolak pasal larangan liputan investigasi.",
    ),
    Labelled(
        "penyiaran",
        "Kompas",
        "Politik",
        15.0,
        "Paripurna DPR Setujui Revisi UU Penyiaran",
        "KOMPAS.com - DPR menyetujui revisi UU Penyiaran dalam rapat paripurna. Seluruh fraksi "
        "menyatakan setuju RUU tersebut disahkan.",
    ),
    Labelled(
        "penyiaran",
        "Republika",
        "Politik",
        16.0,
        "RUU Penyiaran Disahkan, Jurnalis Protes Pasal Larangan Investigasi",
        "REPUBLIKA.CO.ID, JAKARTA -- Sejumlah jurnalis berunjuk rasa di depan Gedung DPR setelah "
        "RUU Penyiaran disahkan dengan pasal larangan jurnalisme investigasi.",
    ),
    # --- derbi: Persebaya beat Arema, three sources (Detik twice) ----------------------------
    Labelled(
        "derbi",
        "BeritaJatim",
        "Olahraga",
        9.0,
        "Persebaya Kalahkan Arema FC 3-1 di Gelora Bung Tomo",
        "Surabaya (beritajatim.com) - Persebaya Surabaya mengalahkan Arema FC 3-1 dalam derbi "
        "Jawa Timur di Stadion Gelora Bung Tomo, Sabtu malam.",
    ),
    Labelled(
        "derbi",
        "Detik",
        "Olahraga",
        9.5,
        "Derbi Jatim: Persebaya Menang 3-1 atas Arema FC",
        "Surabaya - Persebaya memenangi derbi Jatim melawan Arema FC dengan skor 3-1. Bajul Ijo "
        "naik ke papan atas klasemen Liga 1.",
    ),
    Labelled(  # repost of the Detik article above
        "derbi",
        "Detik",
        "Daerah",
        9.5,
        "Derbi Jatim: Persebaya Menang 3-1 atas Arema FC",
        "Surabaya - Persebaya memenangi derbi Jatim melawan Arema FC dengan skor 3-1. Bajul Ijo "
        "naik ke papan atas klasemen Liga 1.",
    ),
    Labelled(
        "derbi",
        "Kompas",
        "Olahraga",
        10.5,
        "Arema FC Takluk dari Persebaya di Surabaya",
        "KOMPAS.com - Arema FC takluk 1-3 dari Persebaya Surabaya pada derbi Jawa Timur. "
        "Pelatih Arema mengakui timnya kalah di lini tengah.",
    ),
    # --- bus-listrik: free electric buses for Surabaya pupils, two sources -------------------
    Labelled(
        "bus-listrik",
        "BeritaJatim",
        "Pemerintahan",
        16.0,
        "Pemkot Surabaya Luncurkan Bus Listrik Gratis untuk Pelajar",
        "Surabaya (beritajatim.com) - Pemerintah Kota Surabaya meluncurkan sepuluh bus listrik "
        "gratis khusus pelajar yang melayani rute sekolah di lima kecamatan.",
    ),
    Labelled(
        "bus-listrik",
        "Antara",
        "Daerah",
        17.0,
        "Bus Listrik Gratis bagi Pelajar Surabaya Mulai Beroperasi",
        "Surabaya (ANTARA) - Sepuluh bus listrik gratis untuk pelajar mulai beroperasi di "
        "Surabaya. Wali Kota Surabaya berharap bus mengurangi kemacetan pagi.",
    ),
    # --- pasar-malang: market fire in Malang, three sources ----------------------------------
    Labelled(
        "pasar-malang",
        "BeritaJatim",
        "Daerah",
        18.0,
        "Kebakaran Hanguskan Ratusan Kios Pasar Besar Malang",
        "Malang (beritajatim.com) - Kebakaran hebat menghanguskan ratusan kios di Pasar Besar "
        "Kota Malang. Api diduga berasal dari korsleting listrik di lantai dua.",
    ),
    Labelled(
        "pasar-malang",
        "Detik",
        "Daerah",
        18.5,
        "Pasar Besar Malang Terbakar, Damkar Kerahkan 12 Unit",
        "Malang - Pasar Besar Malang terbakar pada Kamis dini hari. Dinas Pemadam Kebakaran "
        "mengerahkan 12 unit mobil pemadam untuk menjinakkan api.",
    ),
    Labelled(
        "pasar-malang",
        "Antara",
        "Daerah",
        19.0,
        "Ratusan Kios di Pasar Besar Kota Malang Ludes Terbakar",
        "Malang (ANTARA) - Ratusan kios pedagang di Pasar Besar Kota Malang ludes terbakar. "
        "Pedagang memperkirakan kerugian mencapai miliaran rupiah.",
    ),
    # --- mk-pilkada: Constitutional Court ruling on election thresholds, three sources --------
    Labelled(
        "mk-pilkada",
        "Tempo",
        "Hukum",
        20.0,
        "MK Turunkan Ambang Batas Pencalonan Kepala Daerah",
        "TEMPO.CO, Jakarta - Mahkamah Konstitusi menurunkan ambang batas pencalonan dalam "
        "pilkada sehingga partai tanpa kursi DPRD dapat mengusung calon.",
    ),
    Labelled(
        "mk-pilkada",
        "Kompas",
        "Politik",
        21.0,
        "Putusan MK: Partai Tanpa Kursi DPRD Bisa Usung Calon di Pilkada",
        "KOMPAS.com - Putusan Mahkamah Konstitusi membuka jalan bagi partai tanpa kursi DPRD "
        "untuk mengusung calon kepala daerah dengan ambang batas suara sah.",
    ),
    Labelled(
        "mk-pilkada",
        "CNN Indonesia",
        "Hukum",
        22.0,
        "Mahkamah Konstitusi Ubah Syarat Ambang Batas Pilkada",
        "Jakarta, CNN Indonesia -- Mahkamah Konstitusi mengubah syarat ambang batas pencalonan "
        "kepala daerah dalam putusan uji materi UU Pilkada.",
    ),
    # --- beras: rice price rise, two sources (shares "harga … naik" with bbm) -----------------
    Labelled(
        "beras",
        "Republika",
        "Ekonomi",
        20.0,
        "Harga Beras Medium Naik Jelang Ramadan",
        "REPUBLIKA.CO.ID, JAKARTA -- Harga beras medium di pasar tradisional naik menjadi "
        "Rp14.000 per kilogram menjelang Ramadan, menurut Badan Pangan Nasional.",
    ),
    Labelled(
        "beras",
        "Detik",
        "Ekonomi",
        21.0,
        "Beras Makin Mahal, Harga Medium Tembus Rp14.000 per Kg",
        "Jakarta - Harga beras medium menembus Rp14.000 per kilogram di sejumlah pasar. Badan "
        "Pangan Nasional menyiapkan operasi pasar beras.",
    ),
    # --- whoosh: high-speed train disruption, three sources ----------------------------------
    Labelled(
        "whoosh",
        "Antara",
        "Daerah",
        22.0,
        "Perjalanan Kereta Cepat Whoosh Terganggu Akibat Gangguan Listrik",
        "Jakarta (ANTARA) - Perjalanan Kereta Cepat Jakarta-Bandung Whoosh terganggu akibat "
        "gangguan pasokan listrik di lintasan Padalarang.",
    ),
    Labelled(
        "whoosh",
        "Detik",
        "Daerah",
        22.5,
        "Whoosh Berhenti 40 Menit, Penumpang Dievakuasi",
        "Jakarta - Kereta cepat Whoosh berhenti sekitar 40 menit di lintasan Padalarang karena "
        "gangguan listrik. Penumpang dievakuasi ke kereta pengganti.",
    ),
    Labelled(
        "whoosh",
        "Kompas",
        "Daerah",
        23.0,
        "KCIC Minta Maaf atas Gangguan Kereta Cepat Jakarta-Bandung",
        "KOMPAS.com - PT KCIC meminta maaf kepada penumpang Whoosh atas gangguan listrik yang "
        "menghentikan perjalanan kereta cepat Jakarta-Bandung.",
    ),
    # --- cipali: bus crash on the Cipali toll road, four sources ------------------------------
    Labelled(
        "cipali",
        "Kompas",
        "Daerah",
        24.0,
        "Bus Terguling di Tol Cipali, 8 Penumpang Tewas",
        "KOMPAS.com - Sebuah bus pariwisata terguling di KM 120 Tol Cipali. Delapan penumpang "
        "tewas dan belasan lainnya luka-luka.",
    ),
    Labelled(
        "cipali",
        "Detik",
        "Hukum",
        24.5,
        "Kecelakaan Maut Bus Pariwisata di Tol Cipali",
        "Jakarta - Kecelakaan bus pariwisata di Tol Cipali menewaskan delapan orang. Bus "
        "diduga hilang kendali lalu terguling di bahu jalan.",
    ),
    Labelled(
        "cipali",
        "CNN Indonesia",
        "Daerah",
        25.0,
        "Delapan Orang Meninggal dalam Kecelakaan Bus di Cipali",
        "Jakarta, CNN Indonesia -- Delapan orang meninggal dunia dalam kecelakaan bus pariwisata "
        "yang terguling di Tol Cipali, Majalengka.",
    ),
    Labelled(
        "cipali",
        "Republika",
        "Hukum",
        26.0,
        "Polisi Selidiki Penyebab Bus Terguling di KM 120 Cipali",
        "REPUBLIKA.CO.ID, MAJALENGKA -- Polisi menyelidiki penyebab bus pariwisata terguling di "
        "KM 120 Tol Cipali yang menewaskan delapan penumpang.",
    ),
    # --- bali-ash: English, airport reopens after volcanic ash, three sources ----------------
    Labelled(
        "bali-ash",
        "Antara",
        "English",
        5.0,
        "Bali airport reopens after Lewotobi volcanic ash clears",
        "Denpasar (ANTARA) - Bali's Ngurah Rai International Airport reopened on Tuesday after "
        "volcanic ash from Mount Lewotobi Laki-laki drifted away from flight paths.",
    ),
    Labelled(
        "bali-ash",
        "Tempo",
        "English",
        6.0,
        "Flights resume at Ngurah Rai as Lewotobi ash drifts away",
        "TEMPO.CO, Jakarta - Airlines resumed flights to Bali's Ngurah Rai airport after the "
        "ash cloud from the Lewotobi eruption moved away, AirNav said.",
    ),
    Labelled(
        "bali-ash",
        "Jakarta Globe",
        "English",
        7.0,
        "Ngurah Rai airport back in operation after Lewotobi eruption",
        "Jakarta. Bali's Ngurah Rai airport is back in operation after flights were cancelled "
        "for two days because of ash from the Lewotobi volcano eruption.",
    ),
    # --- garuda-jets: English, two sources ---------------------------------------------------
    Labelled(
        "garuda-jets",
        "Antara",
        "English",
        30.0,
        "Garuda Indonesia signs deal for 50 Boeing aircraft",
        "Jakarta (ANTARA) - Flag carrier Garuda Indonesia signed an agreement to buy 50 Boeing "
        "737 MAX aircraft to renew its ageing fleet.",
    ),
    Labelled(
        "garuda-jets",
        "Jakarta Globe",
        "English",
        31.0,
        "Garuda orders 50 Boeing 737 MAX jets to renew fleet",
        "Jakarta. Garuda Indonesia has ordered 50 Boeing 737 MAX jets, the airline said, as it "
        "renews a fleet shrunk during its debt restructuring.",
    ),
    # --- decoys: only generic words in common ------------------------------------------------
    Labelled(
        "x-taman",
        "Antara",
        "Pemerintahan",
        2.0,
        "Pemerintah Provinsi DKI Jakarta Resmikan Taman Kota di Cilandak",
        "Jakarta (ANTARA) - Pemerintah Provinsi DKI Jakarta meresmikan taman kota seluas dua "
        "hektare di Cilandak yang dilengkapi jalur lari dan area bermain anak.",
    ),
    Labelled(
        "x-pkl",
        "Detik",
        "Pemerintahan",
        3.0,
        "Pemerintah Jakarta Tertibkan Pedagang Kaki Lima di Tanah Abang",
        "Jakarta - Pemerintah Provinsi DKI Jakarta menertibkan ratusan pedagang kaki lima yang "
        "berjualan di trotoar kawasan Tanah Abang.",
    ),
    Labelled(
        "x-anggaran-banjir",
        "Tempo",
        "Pemerintahan",
        4.0,
        "Pemerintah Jakarta Siapkan Anggaran Rp2 Triliun untuk Penanganan Banjir",
        "TEMPO.CO, Jakarta - Pemerintah Provinsi DKI Jakarta menyiapkan anggaran Rp2 triliun "
        "untuk membangun waduk dan memperbaiki pompa pengendali banjir tahun depan.",
    ),
    Labelled(
        "x-asean",
        "CNN Indonesia",
        "Politik",
        5.0,
        "Presiden Prabowo Hadiri KTT ASEAN 2025 di Kuala Lumpur",
        "Jakarta, CNN Indonesia -- Presiden Prabowo Subianto bertolak ke Kuala Lumpur untuk "
        "menghadiri Konferensi Tingkat Tinggi ASEAN 2025.",
    ),
    Labelled(
        "x-bendungan",
        "Antara",
        "Pemerintahan",
        6.0,
        "Presiden Prabowo Resmikan Bendungan Mbay di NTT",
        "Nagekeo (ANTARA) - Presiden Prabowo Subianto meresmikan Bendungan Mbay di Kabupaten "
        "Nagekeo, Nusa Tenggara Timur, yang akan mengairi ribuan hektare sawah.",
    ),
    Labelled(
        "x-mbg",
        "Republika",
        "Pemerintahan",
        7.0,
        "Presiden Tinjau Program Makan Bergizi Gratis di Sekolah pada 2025",
        "REPUBLIKA.CO.ID, JAKARTA -- Presiden meninjau pelaksanaan program Makan Bergizi Gratis "
        "di sebuah sekolah dasar di Jakarta Timur.",
    ),
    Labelled(
        "t-pertumbuhan",
        "Kompas",
        "Ekonomi",
        8.0,
        "Pemerintah Indonesia Targetkan Pertumbuhan Ekonomi 5,2 Persen pada 2025",
        "KOMPAS.com - Pemerintah menargetkan pertumbuhan ekonomi Indonesia 5,2 persen pada 2025 "
        "dengan mengandalkan konsumsi rumah tangga dan investasi.",
    ),
    Labelled(
        "x-jakfair",
        "Kompas",
        "Daerah",
        9.0,
        "Jakarta Fair 2025 Dibuka, Pengunjung Padati Kemayoran",
        "KOMPAS.com - Pekan Raya Jakarta 2025 resmi dibuka. Ribuan pengunjung memadati arena "
        "JIExpo Kemayoran pada hari pertama.",
    ),
    Labelled(
        "x-prancis",
        "Tempo",
        "Politik",
        10.0,
        "Presiden Indonesia Terima Kunjungan Presiden Prancis di Istana",
        "TEMPO.CO, Jakarta - Presiden Prabowo menerima kunjungan kenegaraan Presiden Prancis di "
        "Istana Merdeka dan membahas kerja sama pertahanan.",
    ),
    Labelled(
        "x-rsud",
        "BeritaJatim",
        "Pemerintahan",
        11.0,
        "Gubernur Jawa Timur Resmikan RSUD Baru di Sidoarjo",
        "Sidoarjo (beritajatim.com) - Gubernur Jawa Timur meresmikan rumah sakit umum daerah "
        "baru di Sidoarjo dengan kapasitas 200 tempat tidur.",
    ),
    Labelled(
        "x-rujak",
        "BeritaJatim",
        "Daerah",
        12.0,
        "Pemerintah Kota Surabaya Gelar Festival Rujak Uleg 2025",
        "Surabaya (beritajatim.com) - Pemerintah Kota Surabaya menggelar Festival Rujak Uleg "
        "2025 di Jalan Kembang Jepun yang diikuti ribuan peserta.",
    ),
    Labelled(
        "x-bansos",
        "Kompas",
        "Pemerintahan",
        13.0,
        "Presiden Minta Menteri Percepat Penyaluran Bansos Jelang Lebaran",
        "KOMPAS.com - Presiden meminta para menteri mempercepat penyaluran bantuan sosial "
        "kepada keluarga penerima manfaat menjelang Lebaran.",
    ),
    Labelled(
        "x-bulutangkis",
        "Antara",
        "Olahraga",
        14.0,
        "Indonesia Jadi Tuan Rumah Kejuaraan Dunia Bulu Tangkis 2025",
        "Jakarta (ANTARA) - Indonesia ditunjuk menjadi tuan rumah Kejuaraan Dunia Bulu Tangkis "
        "2025 yang akan digelar di Istora Senayan.",
    ),
    Labelled(
        "x-u17",
        "Republika",
        "Olahraga",
        15.0,
        "Timnas Indonesia U-17 Gelar Pemusatan Latihan di Bali",
        "REPUBLIKA.CO.ID, JAKARTA -- Timnas Indonesia U-17 menggelar pemusatan latihan di Bali "
        "selama dua pekan untuk persiapan Piala Asia U-17.",
    ),
    Labelled(
        "x-kejagung",
        "CNN Indonesia",
        "Hukum",
        16.0,
        "Kejaksaan Agung Periksa Lima Saksi Kasus Korupsi Jalan Tol",
        "Jakarta, CNN Indonesia -- Kejaksaan Agung memeriksa lima saksi dalam perkara dugaan "
        "korupsi proyek pembangunan jalan tol di Sumatera.",
    ),
    Labelled(
        "t-ekonomi-jatim",
        "BeritaJatim",
        "Ekonomi",
        17.0,
        "Ekonomi Jawa Timur Tumbuh 5 Persen pada Kuartal II",
        "Surabaya (beritajatim.com) - Badan Pusat Statistik mencatat ekonomi Jawa Timur tumbuh "
        "5 persen pada kuartal II ditopang sektor industri pengolahan.",
    ),
    Labelled(
        "x-harga-cabai",
        "Antara",
        "Ekonomi",
        18.0,
        "Harga Cabai Rawit di Pasar Surabaya Naik",
        "Surabaya (ANTARA) - Harga cabai rawit di sejumlah pasar tradisional Surabaya naik "
        "akibat pasokan dari petani berkurang karena cuaca.",
    ),
    Labelled(
        "x-dpr-reses",
        "Detik",
        "Politik",
        19.0,
        "Anggota DPR Mulai Masa Reses, Serap Aspirasi di Daerah Pemilihan",
        "Jakarta - Anggota DPR memasuki masa reses dan kembali ke daerah pemilihan masing-masing "
        "untuk menyerap aspirasi warga.",
    ),
    Labelled(
        "x-g20",
        "Antara",
        "English",
        20.0,
        "President Prabowo to attend G20 summit in 2025",
        "Jakarta (ANTARA) - President Prabowo Subianto will attend the G20 summit in South Africa "
        "in 2025, the foreign ministry said.",
    ),
    Labelled(
        "x-flood-tunnel",
        "Jakarta Globe",
        "English",
        21.0,
        "Jakarta government plans new flood tunnel",
        "Jakarta. The Jakarta government plans a new flood tunnel to divert water from the "
        "Ciliwung river during the rainy season.",
    ),
    # --- singletons --------------------------------------------------------------------------
    Labelled(
        "z-ihsg",
        "CNN Indonesia",
        "Ekonomi",
        2.0,
        "IHSG Ditutup Melemah Tertekan Saham Perbankan",
        "Jakarta, CNN Indonesia -- Indeks Harga Saham Gabungan ditutup melemah 0,8 persen "
        "tertekan aksi jual saham perbankan oleh investor asing.",
    ),
    Labelled(
        "z-sapi",
        "BeritaJatim",
        "Daerah",
        3.0,
        "Peternak Sapi Perah di Pasuruan Keluhkan Harga Pakan",
        "Pasuruan (beritajatim.com) - Peternak sapi perah di Pasuruan mengeluhkan harga pakan "
        "konsentrat yang terus merangkak sementara harga susu stagnan.",
    ),
    Labelled(
        "z-hakim",
        "Tempo",
        "Hukum",
        4.0,
        "Komisi Yudisial Periksa Hakim yang Bebaskan Terdakwa Pembunuhan",
        "TEMPO.CO, Jakarta - Komisi Yudisial memeriksa majelis hakim yang membebaskan terdakwa "
        "kasus pembunuhan di Pengadilan Negeri Surabaya.",
    ),
    Labelled(
        "z-marathon",
        "Kompas",
        "Olahraga",
        5.0,
        "Ribuan Pelari Ikuti Borobudur Marathon",
        "KOMPAS.com - Ribuan pelari dari 30 negara mengikuti Borobudur Marathon yang mengambil "
        "rute di sekitar candi dan desa wisata Magelang.",
    ),
    Labelled(
        "z-kereta-lebaran",
        "Detik",
        "Ekonomi",
        6.0,
        "Tiket Kereta Lebaran Ludes dalam Dua Jam",
        "Jakarta - Tiket kereta api jarak jauh untuk mudik Lebaran ludes terjual dua jam setelah "
        "penjualan dibuka KAI.",
    ),
    Labelled(
        "z-pilgub",
        "Republika",
        "Politik",
        7.0,
        "Partai Koalisi Mulai Jaring Bakal Calon Gubernur Jawa Barat",
        "REPUBLIKA.CO.ID, BANDUNG -- Partai-partai koalisi mulai menjaring bakal calon gubernur "
        "Jawa Barat melalui survei elektabilitas dan uji kelayakan.",
    ),
    Labelled(
        "z-nelayan",
        "Antara",
        "Daerah",
        8.0,
        "Nelayan Lamongan Tak Melaut karena Gelombang Tinggi",
        "Lamongan (ANTARA) - Ratusan nelayan di pesisir Lamongan memilih tidak melaut karena "
        "gelombang tinggi hingga tiga meter di perairan utara Jawa.",
    ),
    Labelled(
        "z-narkoba",
        "Detik",
        "Hukum",
        9.0,
        "Polisi Gagalkan Penyelundupan 20 Kg Sabu di Pelabuhan Tanjung Perak",
        "Surabaya - Polisi menggagalkan penyelundupan 20 kilogram sabu yang disembunyikan dalam "
        "truk pengangkut sayur di Pelabuhan Tanjung Perak.",
    ),
    Labelled(
        "z-moto-gp",
        "CNN Indonesia",
        "Olahraga",
        10.0,
        "Tiket MotoGP Mandalika Mulai Dijual Pekan Depan",
        "Jakarta, CNN Indonesia -- Penyelenggara MotoGP Mandalika membuka penjualan tiket mulai "
        "pekan depan dengan harga termurah Rp200 ribu.",
    ),
    Labelled(
        "z-ojol",
        "Tempo",
        "Ekonomi",
        11.0,
        "Pengemudi Ojek Online Tuntut Potongan Aplikasi Diturunkan",
        "TEMPO.CO, Jakarta - Ribuan pengemudi ojek online berunjuk rasa menuntut potongan "
        "komisi aplikator diturunkan menjadi 10 persen.",
    ),
    Labelled(
        "z-wisata",
        "BeritaJatim",
        "Daerah",
        12.0,
        "Kunjungan Wisatawan ke Gunung Bromo Melonjak saat Libur Panjang",
        "Probolinggo (beritajatim.com) - Kunjungan wisatawan ke kawasan Gunung Bromo melonjak "
        "selama libur panjang akhir pekan.",
    ),
    Labelled(
        "z-guru",
        "Kompas",
        "Pemerintahan",
        13.0,
        "Pemerintah Angkat 100 Ribu Guru Honorer Jadi PPPK",
        "KOMPAS.com - Kementerian Pendidikan mengangkat 100 ribu guru honorer menjadi pegawai "
        "pemerintah dengan perjanjian kerja tahun ini.",
    ),
    Labelled(
        "z-ai",
        "Tempo",
        "English",
        14.0,
        "Indonesian startups race to build local language AI models",
        "TEMPO.CO, Jakarta - Several Indonesian startups are training large language models on "
        "regional languages such as Javanese and Sundanese.",
    ),
    Labelled(
        "z-stunting",
        "Antara",
        "Pemerintahan",
        15.0,
        "Angka Stunting di Jawa Timur Turun Jadi 17 Persen",
        "Surabaya (ANTARA) - Prevalensi stunting di Jawa Timur turun menjadi 17 persen berkat "
        "pendampingan ibu hamil dan pemberian makanan tambahan.",
    ),
    Labelled(
        "z-voli",
        "Republika",
        "Olahraga",
        16.0,
        "Tim Voli Putri Indonesia Raih Perunggu SEA Games",
        "REPUBLIKA.CO.ID, JAKARTA -- Tim bola voli putri Indonesia meraih medali perunggu SEA "
        "Games setelah mengalahkan Filipina dalam perebutan tempat ketiga.",
    ),
    Labelled(
        "z-sengketa-tanah",
        "BeritaJatim",
        "Hukum",
        17.0,
        "Sengketa Lahan Warga dan Pengembang di Gresik Berujung ke Pengadilan",
        "Gresik (beritajatim.com) - Sengketa lahan antara warga Desa Sumput dan pengembang "
        "perumahan di Gresik berlanjut ke pengadilan.",
    ),
)
