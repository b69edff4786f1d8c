# 기본 이미지 설정
FROM ubuntu:20.04

# Maintainer 정보
LABEL maintainer="your_email@example.com"

# 환경 변수 설정 (예: 비대화식 apt 설치)
ENV DEBIAN_FRONTEND=noninteractive

# 1. 기본 패키지 설치
RUN apt-get update && apt-get install -y \
    build-essential \
    curl \
    wget \
    vim \
    python3 \
    python3-pip \
    python3-venv \
    && rm -rf /var/lib/apt/lists/*

# 2. pip 최신화
RUN pip3 install --upgrade pip

# 3. 작업 디렉토리 설정
WORKDIR /app

# 4. requirements.txt 복사
COPY requirements.txt .

# 5. 종속성 설치
RUN pip install --no-cache-dir -r requirements.txt

# 6. 소스 코드 복사
COPY . .

# 7. 컨테이너 실행 시 기본 명령 설정
CMD ["python3", "app.py"]
